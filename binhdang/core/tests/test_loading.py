"""What the data-file loaders share: reading JSON, schema messages that name the path in the file."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from django.test import SimpleTestCase
from django.utils import translation
from pydantic import Field

from binhdang.core.loading import (
    Code,
    DataError,
    Expression,
    Name,
    Number,
    Problems,
    Schema,
    path_of,
    read_json,
)


class Item(Schema):
    code: Code
    name: Name
    count: Annotated[int, Field(ge=0)] = 0
    share: Number = Decimal(0)
    formula: Expression = "E(A)"


class Items(Schema):
    items: list[Item]


class ReadingTests(SimpleTestCase):
    def write(self, content: bytes) -> Path:
        directory = Path(self.enterContext(tempfile.TemporaryDirectory()))
        path = directory / "data.json"
        path.write_bytes(content)
        return path

    def test_a_missing_file_a_bad_encoding_and_bad_json_are_explained(self) -> None:
        with translation.override("vi"):
            with self.assertRaisesMessage(DataError, "Không đọc được tệp"):
                read_json(Path("/nonexistent/data.json"))
            with self.assertRaisesMessage(DataError, "Không đọc được tệp"):
                read_json(self.write('{"a": "Hà Nội"}'.encode("utf-16")))
            with self.assertRaisesMessage(DataError, "dòng 2, cột 1"):
                read_json(self.write(b'{"a": 1,\n}'))

    def test_numbers_with_a_fraction_can_be_read_exactly(self) -> None:
        path = self.write(b'{"a": 0.1, "b": 2}')
        self.assertEqual(read_json(path, decimals=True), {"a": Decimal("0.1"), "b": 2})
        self.assertIsInstance(read_json(path)["a"], float)


class SchemaTests(SimpleTestCase):
    def test_every_problem_names_its_path_and_the_items_code(self) -> None:
        data = {
            "items": [
                {"code": "A", "name": "Một"},
                {"code": "B", "name": " ", "count": -1, "extra": 1},
                {"code": "bad", "name": "Ba", "count": True, "share": "x", "formula": "E(A) +"},
                "four",
            ]
        }
        problems = Problems()
        with translation.override("en"):
            self.assertIsNone(problems.validate(Items, data))
        self.assertEqual(
            problems.errors,
            [
                "items[1].name (B): is empty.",
                "items[1].count (B): must be at least 0.",
                "items[1].extra (B): unknown field.",
                "items[2].code (bad): the code must be capital letters, digits and _, at most 40 characters.",
                "items[2].count (bad): must be a whole number.",
                "items[2].share (bad): must be a number.",
                "items[2].formula (bad): “E(A) +” is not an expression of E(…) terms, numbers and + - * / "
                "(expected more).",
                "items[3]: must be an object.",
            ],
        )
        with self.assertRaises(DataError) as raised:
            problems.raise_if_any()
        self.assertEqual(len(raised.exception.errors), 8)

    def test_messages_are_vietnamese_for_vietnamese_users(self) -> None:
        problems = Problems()
        with translation.override("vi"):
            problems.validate(Items, {"items": [{"code": "A"}], "other": []})
        self.assertEqual(
            problems.errors, ["items[0].name (A): thiếu trường này.", "other: trường không xác định."]
        )

    def test_a_number_the_database_cannot_keep_is_named_not_saved_rounded(self) -> None:
        problems = Problems()
        items = [{"code": c, "name": "x", "share": v} for c, v in (("A", "0.123456"), ("B", "1e999999999"))]
        with translation.override("vi"):
            problems.validate(Items, {"items": items})
        self.assertEqual(
            problems.errors,
            [
                "items[0].share (A): có quá nhiều chữ số thập phân: tối đa 4.",
                "items[1].share (B): có quá nhiều chữ số: tối đa 14.",
            ],
        )

    def test_a_sound_file_gives_its_model(self) -> None:
        parsed = Problems().validate(Items, {"items": [{"code": "A", "name": "Một", "formula": " E(A) "}]})
        self.assertEqual(parsed.items[0].formula, "E(A)")
        self.assertEqual(path_of(("items", 0, "code"), {"items": [{"code": "A"}]}), "items[0].code (A)")
