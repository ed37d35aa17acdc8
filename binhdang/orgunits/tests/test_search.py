import unicodedata

from django.test import TestCase
from hypothesis import given
from hypothesis import strategies as st

from binhdang.lib.text import fold_vi, sort_key_vi
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ "


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_register(province_codes={"19"})

    def names(self, query: str) -> list[str]:
        return list(OrgUnit.objects.search(query).values_list("name", flat=True))

    def test_it_finds_a_commune_without_accents(self) -> None:
        self.assertIn("Xã Đại Từ", self.names("dai tu"))

    def test_it_finds_with_accents_and_any_case(self) -> None:
        self.assertIn("Xã Đại Từ", self.names("ĐẠI TỪ"))
        found = self.names("đại")
        self.assertIn("Xã Đại Từ", found)
        self.assertTrue(all("Đại" in name for name in found), found)

    def test_decomposed_input_finds_the_same_units(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Thái Nguyên")
        self.assertEqual(self.names(decomposed), self.names("Thái Nguyên"))
        self.assertIn("Tỉnh Thái Nguyên", self.names(decomposed))

    def test_it_finds_a_department_by_its_abbreviation(self) -> None:
        self.assertEqual(self.names("Sở VHTTDL"), ["Sở Văn hóa, Thể thao và Du lịch"])
        self.assertIn("Hội Liên hiệp Phụ nữ tỉnh", self.names("hoi lhpn"))

    def test_a_word_that_matches_nothing_finds_nothing(self) -> None:
        self.assertEqual(self.names("xyzzy"), [])

    def test_units_are_in_vietnamese_alphabetical_order(self) -> None:
        wards = list(
            OrgUnit.objects.filter(kind="ward", parent__code="19")
            .alphabetical()
            .values_list("name", flat=True)
        )
        self.assertLess(wards.index("Phường Bách Quang"), wards.index("Phường Bắc Kạn"))
        self.assertLess(wards.index("Phường Bắc Kạn"), wards.index("Phường Đức Xuân"))
        self.assertLess(wards.index("Phường Đức Xuân"), wards.index("Phường Gia Sàng"))
        self.assertEqual(wards, sorted(wards, key=sort_key_vi))

    def test_the_database_orders_like_the_python_key(self) -> None:
        names = [
            "Ông",
            "Ơn",
            "Ô",
            "Oa",
            "Ăn",
            "Ân",
            "An",
            "Đá",
            "Da",
            "Dạ",
            "Dà",
            "Ê",
            "E",
            "Ư",
            "U",
            "Ạ",
            "A",
        ]
        parent = OrgUnit.objects.get(code="19")
        for index, name in enumerate(names):
            OrgUnit.objects.create(code=f"T{index}", name=name, kind="agency", parent=parent)
        from_db = list(
            OrgUnit.objects.filter(code__startswith="T").alphabetical().values_list("name", flat=True)
        )
        self.assertEqual(
            from_db,
            ["A", "Ạ", "An", "Ăn", "Ân", "Da", "Dà", "Dạ", "Đá", "E", "Ê", "Oa", "Ô", "Ông", "Ơn", "U", "Ư"],
        )


@given(st.text(alphabet=VIETNAMESE, max_size=30))
def test_folding_gives_plain_lowercase_ascii(text: str) -> None:
    folded = fold_vi(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert fold_vi(folded) == folded


@given(
    st.text(alphabet=VIETNAMESE, min_size=1, max_size=20),
    st.text(alphabet=VIETNAMESE, min_size=1, max_size=20),
)
def test_sort_keys_use_only_digits_and_agree_on_base_letters(a: str, b: str) -> None:
    key_a, key_b = sort_key_vi(a), sort_key_vi(b)
    assert key_a.isdigit() and key_b.isdigit()
    if sort_key_vi(a.upper()) != key_a:
        raise AssertionError("case must not change the order")
    if fold_vi(a) == fold_vi(b) and a != b:
        # Same letters apart from tones: the order is decided, never a tie.
        assert (key_a == key_b) == (unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b))
