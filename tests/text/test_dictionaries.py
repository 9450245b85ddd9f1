"""The shipped dictionaries as one table, read by the spelling and the claims checks."""

from healthlint.rules import spelling
from healthlint.text import dictionaries


def test_the_spelling_check_reads_the_same_table() -> None:
    assert spelling._dictionaries is dictionaries.dictionaries
    assert spelling.medical_words() is dictionaries.dictionaries()[1]


def test_known_words_in_any_case_and_coined_names() -> None:
    # English (pyspellchecker), SCOWL's general words, FDA UNII names (medicines, their brands)
    for word in ("garlic", "Walking", "Metformin", "LIPITOR", "ezetimibe", "echinacea"):
        assert dictionaries.known_word(word), word
    for word in ("Zentravo", "Bebelyn", "Uriflow", "Kelvora"):
        assert not dictionaries.known_word(word), word


def test_the_english_data_is_read_without_importing_pyspellchecker() -> None:
    import pkgutil
    import subprocess
    import sys

    from healthlint.text import dictionaries

    assert dictionaries.english_data() == pkgutil.get_data("spellchecker",
                                                           "resources/en.json.gz")
    probe = ("import sys; from healthlint.text import dictionaries; "
             "assert dictionaries.english_data(); assert 'spellchecker' not in sys.modules")
    subprocess.run([sys.executable, "-c", probe], check=True)
