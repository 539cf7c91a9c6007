"""Shows the API fuzzing's figures in the terminal summary, captured output or not."""

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            properties = dict(getattr(report, "user_properties", []))
            if report.when == "call" and "fuzz_examples" in properties:
                per_account = ", ".join(
                    f"{name.removeprefix('fuzz_examples_')}: {count}"
                    for name, count in properties.items()
                    if name.startswith("fuzz_examples_")
                )
                terminalreporter.write_line(
                    f"API fuzzing ({report.nodeid}): {properties['fuzz_examples']} examples "
                    f"({per_account}), {outcome}; statuses {properties['fuzz_statuses']}"
                )
