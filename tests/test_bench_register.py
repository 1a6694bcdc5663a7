"""`make bench` prints the register import's time and peak memory against their targets, and the
command's last lines when it refused the register."""

from opsreport.register.bench import Measured


def measured(seconds=50.2, peak_mb=136.0, exit_status=0, output="Imported: 8194 created, 0 changed.\n"):
    return Measured(3131, 120, 8194, 280, seconds, peak_mb, exit_status, output)


def test_a_clean_import_under_both_targets_is_met():
    assert measured().lines() == [
        "register ten times the sample's (3,131 parties, 120 months of figures, 8,194 rows, 280 kB): imported by "
        "import_register in 50.2 s, peak memory 136 MB (target < 60 s and < 500 MB): met"
    ]


def test_too_slow_or_too_big_is_not_met():
    assert (
        measured(seconds=62.6)
        .lines()[0]
        .endswith("in 62.6 s, peak memory 136 MB (target < 60 s and < 500 MB): NOT met")
    )
    assert measured(peak_mb=512).lines()[0].endswith("peak memory 512 MB (target < 60 s and < 500 MB): NOT met")


def test_a_refused_register_says_so_with_the_commands_last_lines():
    lines = measured(
        exit_status=1, output="== Parties\n  ERROR Parties, row 2, column B (Category): Unknown category\n"
    ).lines()
    assert "REFUSED (exit status 1) by import_register" in lines[0]
    assert lines[0].endswith("NOT met")
    assert lines[1:] == ["== Parties", "  ERROR Parties, row 2, column B (Category): Unknown category"]
