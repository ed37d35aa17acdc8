"""The expression language: reading, evaluating and listing terms, without eval()."""

from __future__ import annotations

from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from binhdang.lib import expressions
from binhdang.lib.expressions import ExpressionError, Missing, Term
from binhdang.lib.totals import cell_sum

KEYS = ("sex", "age_band")
VALUES = {
    ("A", ("", "")): Decimal(10),
    ("B", ("F", "")): Decimal(3),
    ("B", ("M", "")): Decimal(4),
    ("C", ("F", "16_59")): Decimal(2),
    ("C", ("F", "60_PLUS")): True,
}


def lookup(code: str, filters: dict[str, str]) -> Decimal:
    return cell_sum(VALUES, code, filters, KEYS)


class ExpressionTests(SimpleTestCase):
    def test_option_codes_may_start_with_digits(self) -> None:
        self.assertEqual(
            expressions.tokenize("E(C, age_band=16_59)"),
            [("name", "E"), ("op", "("), ("name", "C"), ("op", ","), ("name", "age_band"), ("op", "=")]
            + [("name", "16_59"), ("op", ")")],
        )
        self.assertEqual(expressions.terms("E(D, ethnicity=01)"), [Term("D", (("ethnicity", "01"),))])

    def test_arithmetic_follows_the_usual_precedence(self) -> None:
        self.assertEqual(expressions.evaluate("E(A) - 2 * (E(B) - 5) / 4", lookup), Decimal(9))
        self.assertEqual(expressions.evaluate("-E(A) + 1.5", lookup), Decimal("-8.5"))
        self.assertEqual(expressions.evaluate("E(B, sex=F) + E(C, sex=F)", lookup), Decimal(6))

    def test_a_term_not_entered_or_a_zero_divisor_gives_none(self) -> None:
        self.assertIsNone(expressions.evaluate("E(NOPE) + 1", lookup))
        self.assertIsNone(expressions.evaluate("E(A) / (E(B) - 7)", lookup))
        with self.assertRaises(Missing):
            lookup("B", {"sex": "X"})

    def test_terms_list_codes_and_options_left_to_right(self) -> None:
        found = expressions.terms("(E(A) + E(B, sex=F, age_band=16_59)) / E(A)")
        self.assertEqual([term.code for term in found], ["A", "B", "A"])
        self.assertEqual(found[1].options, {"sex": "F", "age_band": "16_59"})

    def test_what_is_not_the_language_is_refused_and_never_run(self) -> None:
        for text in ("__import__('os')", "E(A) +", "E(A) ** 2", "E(5)", "E(A, sex)", "E(A) E(B)", "(1", ""):
            with self.subTest(text=text), self.assertRaises(ExpressionError):
                expressions.parse(text)

    def test_errors_are_in_the_users_language(self) -> None:
        with translation.override("vi"), self.assertRaisesMessage(ExpressionError, "cần có thêm nội dung"):
            expressions.parse("E(A) +")
        with translation.override("en"), self.assertRaisesMessage(ExpressionError, "unexpected ')'"):
            expressions.parse("E(A))")

    def test_reference_errors_name_unknown_elements_dimensions_and_options(self) -> None:
        elements = {"A": [], "B": ["sex"]}
        options = {"sex": {"F", "M"}}
        with translation.override("en"):
            self.assertEqual(expressions.reference_errors("E(A) + E(B, sex=F)", elements, options), [])
            errors = expressions.reference_errors("E(GHOST) + E(A, sex=F) + E(B, sex=X)", elements, options)
            self.assertEqual(len(errors), 3)
            self.assertIn("GHOST", errors[0])
            self.assertIn("not broken down by “sex”", errors[1])
            self.assertIn("“X”", errors[2])
            self.assertIn(
                "uses no data element", expressions.reference_errors("1 + 2", {}, {}, needs_term=True)[0]
            )
            self.assertIn("not an expression", expressions.reference_errors("E(A) +", elements, options)[0])
