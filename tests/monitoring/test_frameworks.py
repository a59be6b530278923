"""Frameworks in the database: the shipped one, the import command, versions, locks, unknown denominators."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from innocounty.monitoring.frameworks import (
    FrameworkImportError,
    activate_framework,
    import_framework,
    parse_framework_file,
)
from innocounty.monitoring.models import Framework, FrameworkStatus


def test_migration_ships_the_provisional_framework(framework):
    assert framework.status == FrameworkStatus.ACTIVE and framework.is_provisional
    assert framework.indicator_nodes().count() == 23 and framework.nodes.count() == 29
    i22 = framework.nodes.get(code="I22")
    assert i22.direction == -1 and i22.parent.code == "D5" and i22.extra["evidence"].startswith("HN")
    assert framework.nodes.get(code="I01").denominator == "population_10k"


def test_import_command_with_activation_supersedes(db, capsys):
    call_command("import_framework", "hunan-15", "--code", "hunan-15", "--activate")
    first = Framework.objects.get(code="hunan-15")
    assert first.version == "1" and first.status == FrameworkStatus.ACTIVE and first.indicator_nodes().count() == 15
    call_command("import_framework", "hunan-15", "--code", "hunan-15")  # same content: nothing new
    assert Framework.objects.filter(code="hunan-15").count() == 1
    assert "未重复导入" in capsys.readouterr().out


def test_new_version_supersedes_the_active_one(db, tmp_path, ministry):
    path = tmp_path / "hn.csv"
    shutil.copy(parse_framework_file.__globals__["resolve_framework_path"]("hunan-15"), path)
    first = import_framework(parse_framework_file(path), "hn", None, ministry).framework
    activate_framework(first, ministry, confirm=True)
    path.write_text(path.read_text(encoding="utf-8").replace("Hunan", "Hunan (rev)"), encoding="utf-8")
    second = import_framework(parse_framework_file(path), "hn", None, ministry).framework
    assert second.version == "2" and second.status == FrameworkStatus.DRAFT
    activate_framework(second, ministry, confirm=True)
    first.refresh_from_db()
    assert first.status == FrameworkStatus.SUPERSEDED


def test_an_unused_version_may_be_replaced_a_used_one_not(db, tmp_path, ministry, data_round):
    path = tmp_path / "x.csv"
    shutil.copy(parse_framework_file.__globals__["resolve_framework_path"]("provisional-23"), path)
    path.write_text(path.read_text(encoding="utf-8").replace("Innovation input", "Input"), encoding="utf-8")
    with pytest.raises(FrameworkImportError, match="不能修改"):
        import_framework(parse_framework_file(path), "provisional-23", "1", ministry)
    draft = import_framework(parse_framework_file("hunan-15"), "draft-x", "1", ministry).framework
    outcome = import_framework(parse_framework_file(path), "draft-x", "1", ministry)
    assert outcome.framework.pk == draft.pk and outcome.framework.indicator_nodes().count() == 23


def test_locked_framework_is_in_use(db, ministry):
    draft = import_framework(parse_framework_file("hunan-15"), "lockme", "1", ministry).framework
    assert not draft.is_in_use()
    draft.lock("2024 年度评价已发布")
    assert draft.is_in_use()
    with pytest.raises(FrameworkImportError, match="2024 年度评价已发布"):
        import_framework(parse_framework_file("provisional-23"), "lockme", "1", ministry)


def test_unknown_denominator_and_broken_files_list_every_problem(db, tmp_path):
    source = parse_framework_file.__globals__["resolve_framework_path"]("provisional-23")
    text = source.read_text(encoding="utf-8").replace("population_10k", "households_10k")
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkImportError) as failure:
        parse_framework_file(path)
    assert any("I01" in p and "households_10k" in p for p in failure.value.problems)
    path.write_text("code,name,level,parent\nINDEX,x,3,\nI01,y,1,MISSING\n", encoding="utf-8")
    with pytest.raises(CommandError, match="MISSING"):
        call_command("import_framework", str(path))
