"""docs/programme.md is generated from the declaration and must not drift."""

from pathlib import Path

from innocounty.programme import TRANSITIONS, ApplicationState
from innocounty.programme.docs import BEGIN_MARKER, END_MARKER, main, render_document, workflow_table_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "programme.md"


def test_doc_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    assert render_document(text) == text, (
        "run: .venv/bin/python -m innocounty.programme.docs docs/programme.md"
    )


def test_table_names_every_state_and_transition():
    table = workflow_table_markdown()
    for t in TRANSITIONS:
        assert f"`{t.name}`" in table and t.label in table
    for state in ApplicationState:
        assert f"`{state.value}`" in table


def test_render_replaces_only_the_generated_part():
    text = f"intro\n{BEGIN_MARKER}\nstale\n{END_MARKER}\noutro\n"
    rendered = render_document(text)
    assert rendered.startswith("intro\n") and rendered.endswith(f"{END_MARKER}\noutro\n")
    assert "stale" not in rendered and "`create_draft`" in rendered


def test_cli_check_and_write(tmp_path):
    path = tmp_path / "programme.md"
    path.write_text(f"x\n{BEGIN_MARKER}\n{END_MARKER}\n", encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert main([str(path)]) == 0
    assert main(["--check", str(path)]) == 0
