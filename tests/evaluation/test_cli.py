"""The CLI contract (§12): files, formats, exit status 2 with one-line messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from innocounty.evaluation.cli import main

FW_CSV = ("code,name,level,parent,weight,direction,denominator,type\n"
          "INDEX,指数,2,,1,1,,Aggregate\n"
          "I1,one,1,INDEX,1,1,,Indicator\n"
          "I2,two,1,INDEX,1,-1,pop,Indicator\n"
          "I3,three,1,INDEX,2,1,,Indicator\n"
          "pop,population,0,,,,,Denominator\n")
DATA_CSV = ("code,name,province,pop,I1,I2,I3\n"
            "001,甲,P,2,10,4,1\n"
            "002,乙,P,1,NA,3,2\n"
            "003,丙,Q,4,30,8,3\n"
            "004,丁,Q,1,20,1,\n")
METHOD = "treat: {method: none}\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "fw.csv").write_text(FW_CSV, encoding="utf-8")
    (tmp_path / "data.csv").write_text(DATA_CSV, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(METHOD, encoding="utf-8")
    return tmp_path


def run(files, *extra, method=True):
    args = ["evaluate", str(files / "data.csv"), "--framework", str(files / "fw.csv"), "--out", str(files / "out")]
    if method:
        args += ["--method", str(files / "m.yaml")]
    return main(args + list(extra))


def read(path: Path) -> str:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    return raw.decode("utf-8")


def test_evaluate_writes_every_file(files):
    assert run(files) == 0
    out = files / "out"
    names = {p.name for p in out.iterdir()}
    assert {"imputed.csv", "treated.csv", "normalised.csv", "scores.csv", "ranks.csv", "group_ranks_province.csv",
            "treatment.csv", "effective_weights.csv", "run.json", "flags.csv"} <= names
    assert read(out / "scores.csv") == ("code,name,province,INDEX,status\n001,甲,P,12.5,ok\n002,乙,P,37.5,ok\n"
                                        "003,丙,Q,87.5,ok\n004,丁,Q,62.5,ok\n")
    assert read(out / "ranks.csv") == "code,INDEX\n001,4\n002,3\n003,1\n004,2\n"
    assert read(out / "group_ranks_province.csv") == "code,province,INDEX\n001,P,2\n002,P,1\n003,Q,1\n004,Q,2\n"
    assert read(out / "imputed.csv") == "code,I1,I2,I3\n001,10.0,2.0,1.0\n002,20.0,3.0,2.0\n003,30.0,2.0,3.0\n004,20.0,1.0,2.0\n"
    assert read(out / "normalised.csv").splitlines()[1] == "001,0.0,50.0,0.0"
    ew = read(out / "effective_weights.csv").splitlines()
    assert ew[0] == "code,name,level,parent,weight,normalised_weight,effective_weight"
    assert ew[4] == "I3,three,1,INDEX,2.0,0.5,0.5"
    assert read(out / "treatment.csv").splitlines()[1].startswith("I1,skipped,")
    manifest = json.loads(read(out / "run.json"))
    assert manifest["config"]["treat"]["method"] == "none" and len(manifest["config_sha256"]) == 64
    assert manifest["inputs"][0]["role"] == "data" and len(manifest["inputs"][0]["sha256"]) == 64
    assert set(manifest["outputs"]) >= {"scores.csv", "ranks.csv"}
    assert manifest["method_spec_version"] == "1.0" and manifest["numpy"]


def test_method_optional_uses_defaults(files):
    assert run(files, method=False) == 0
    manifest = json.loads(read(files / "out" / "run.json"))
    assert manifest["config"]["treat"]["method"] == "jrc"


def test_float_repr_and_na(files, tmp_path):
    (files / "data.csv").write_text("code,province,pop,I1,I2,I3\nx,P,3,1,1,1\ny,,3,2,2,NA\nz,P,3,3,3,3\n")
    assert run(files, "--all-stages") == 0
    out = files / "out"
    assert read(out / "denominated.csv").splitlines()[1] == "x,1.0,0.3333333333333333,1.0"
    assert read(out / "group_ranks_province.csv").splitlines()[2] == "y,NA,NA"
    assert (out / "aggregated.csv").exists() and (out / "raw.csv").exists()


def one_line_error(capsys, code):
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err.strip()


def test_error_non_numeric_cell(files, capsys):
    (files / "data.csv").write_text("code,province,pop,I1,I2,I3\n001,P,1,1,abc,1\n")
    err = one_line_error(capsys, run(files))
    assert err == f"error: {files / 'data.csv'}: row 2, column I2: non-numeric value 'abc' (unit 001)"


def test_error_framework_lists_every_problem(files, capsys):
    (files / "fw.csv").write_text(FW_CSV + "I3,dup,1,INDEX,1,1,,Indicator\nI9,x,1,NOPE,1,1,,Indicator\n")
    err = one_line_error(capsys, run(files))
    assert "duplicate code I3" in err and "unknown parent NOPE" in err and str(files / "fw.csv") in err


def test_error_unknown_method_key(files, capsys):
    (files / "m.yaml").write_text("treat: {winmax: 3, colour: red}\n")
    err = one_line_error(capsys, run(files))
    assert "treat.colour: unknown key" in err and str(files / "m.yaml") in err


def test_error_bad_yaml_and_missing_file(files, capsys):
    (files / "m.yaml").write_text("treat: [unclosed\n")
    err = one_line_error(capsys, run(files))
    assert "invalid YAML" in err
    err = one_line_error(capsys, main(["evaluate", str(files / "nope.csv"), "--framework", str(files / "fw.csv"),
                                       "--out", str(files / "o")]))
    assert "nope.csv" in err


def test_error_usage(capsys):
    err = one_line_error(capsys, main(["evaluate"]))
    assert "required" in err


def test_error_geometric(files, capsys):
    (files / "m.yaml").write_text("treat: {method: none}\naggregate: {method: geometric}\n")
    err = one_line_error(capsys, run(files))
    assert "aggregate: geometric mean of INDEX for unit 001 got child I1 = 0" in err


def test_validate_and_frameworks(files, capsys):
    assert main(["validate", str(files / "data.csv"), "--framework", str(files / "fw.csv")]) == 0
    assert "ok:" in capsys.readouterr().out
    assert main(["validate", "--framework", "provisional-23"]) == 0
    capsys.readouterr()
    assert main(["frameworks"]) == 0
    out = capsys.readouterr().out
    assert "provisional-23\t23 indicators, 5 dimensions" in out and "hunan-15\t15 indicators, 4 dimensions" in out
    (files / "data.csv").write_text("code,province,pop,I1,I2\n001,P,1,1,1\n")
    err = one_line_error(capsys, main(["validate", str(files / "data.csv"), "--framework", str(files / "fw.csv")]))
    assert "missing indicator column(s): I3" in err


def test_scenarios_files(files):
    (files / "s.yaml").write_text("- id: same\n- id: heavy_i1\n  weights: {I1: 4, INDEX: 9}\n"
                                  "- id: geo\n  method: {aggregate: {method: geometric}}\n")
    assert run(files, "--scenarios", str(files / "s.yaml")) == 0
    out = files / "out"
    assert read(out / "scenario_scores.csv").splitlines()[:2] == ["code,same,heavy_i1,geo", "001,12.5,7.142857142857142,NA"]
    assert read(out / "scenario_ranks.csv").splitlines()[1] == "001,4,4,NA"
    summary = read(out / "scenario_summary.csv")
    assert "geo,failed," in summary and "same,ok,NA,0.0" in summary
    manifest = json.loads(read(out / "run.json"))
    assert manifest["scenarios"]["failed"][0]["id"] == "geo"


@pytest.mark.parametrize("text, fragment", [
    ("{a: 1}", "must be a YAML sequence"),
    ("- weights: {I1: 2}\n", "id is required"),
    ("- id: a\n- id: a\n", "duplicate or reserved id 'a'"),
    ("- id: a\n  weights: {NOPE: 2}\n", "unknown node code NOPE"),
    ("- id: a\n  weights: {I1: -2}\n", "must be finite and >= 0"),
    ("- id: a\n  method: {treat: {bad: 1}}\n", "treat.bad: unknown key"),
    ("- id: a\n  colour: red\n", "unknown key 'colour'"),
])
def test_scenario_file_errors(files, capsys, text, fragment):
    (files / "s.yaml").write_text(text)
    err = one_line_error(capsys, run(files, "--scenarios", str(files / "s.yaml")))
    assert fragment in err and "s.yaml" in err


def test_subprocess_entry_point(files):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.run([sys.executable, "-m", "innocounty.cli", "evaluate", str(files / "data.csv"),
                           "--framework", str(files / "fw.csv"), "--out", str(files / "o2"), "--method",
                           str(files / "nope.yaml")], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "nope.yaml" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "innocounty.cli", "frameworks"], capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0 and "provisional-23" in proc.stdout


def test_uncertainty_files_and_replicates_fed_back_as_scenarios(tmp_path):
    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from synthetic import make_units

    make_units(n_units=80, n_provinces=4, seed=3).to_csv(tmp_path / "u.csv", index=False, na_rep="NA")
    out = tmp_path / "o"
    base = ["evaluate", str(tmp_path / "u.csv"), "--framework", "provisional-23", "--out", str(out)]
    assert main(base + ["--uncertainty", "30", "--seed", "7", "--save-replicates", "--sensitivity", "10"]) == 0
    ri = read(out / "rank_intervals.csv").splitlines()
    assert ri[0].startswith("code,nominal,mean,median,q05,q95")
    assert read(out / "group_rank_intervals_province.csv").splitlines()[0].startswith(
        "code,nominal,mean,median,q05,q95")
    assert read(out / "sensitivity.csv").splitlines()[0] == "factor,Si,STi,Si_q05,Si_q95,STi_q05,STi_q95"
    assert read(out / "sensitivity_rank_intervals.csv").splitlines()[0] == "code,nominal,mean,median,q05,q95"
    manifest = json.loads(read(out / "run.json"))
    assert manifest["uncertainty"]["seed"] == 7 and manifest["config"]["uncertainty"]["n"] == 30
    scores = np.load(out / "replicate_scores.npy")
    ranks = np.load(out / "replicate_ranks.npy")
    assert scores.shape == (30, 80)
    # fixed-parameter mode through the CLI: the recorded parameters as a scenarios file reproduce every replicate
    out2 = tmp_path / "o2"
    assert main(["evaluate", str(tmp_path / "u.csv"), "--framework", "provisional-23", "--out", str(out2),
                 "--scenarios", str(out / "replicate_parameters.json")]) == 0
    lines = read(out2 / "scenario_scores.csv").splitlines()
    header = lines[0].split(",")
    assert header[1:] == [f"r{i}" for i in range(1, 31)]
    got = np.array([[float(v) for v in line.split(",")[1:]] for line in lines[1:]]).T
    np.testing.assert_array_equal(got, scores)
    rl = read(out2 / "scenario_ranks.csv").splitlines()
    got_r = np.array([[float(v) for v in line.split(",")[1:]] for line in rl[1:]]).T
    np.testing.assert_array_equal(got_r, ranks)


# -- issue 8, item 11: damaged and misnamed input files, unbounded numeric options --------------------------


def _workbook_bytes(files) -> bytes:
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(DATA_CSV)):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "damage", "fragment"), [
    ("data.csv", "xlsx", "named .csv"),  # an xlsx renamed .csv
    ("data.xlsx", "empty", "empty"),
    ("data.xlsx", "truncated", "damaged"),
    ("data.xlsx", "csv", "renamed CSV"),
    ("data.xlsx", "broken_sheet", "sheet1.xml"),
    ("data.xlsx", "doctype", "DOCTYPE"),
])
def test_damaged_input_files_exit_2_with_one_line(files, capsys, name, damage, fragment):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import hostile_files as hostile

    good = _workbook_bytes(files)
    data = {"xlsx": good, "empty": b"", "truncated": good[: len(good) // 2], "csv": DATA_CSV.encode(),
            "broken_sheet": hostile.truncated_sheet(good), "doctype": hostile.with_doctype(good)}[damage]
    (files / name).write_bytes(data)
    for command in (["validate", str(files / name)], ["evaluate", str(files / name), "--out", str(files / "o")]):
        err = one_line_error(capsys, main([*command, "--framework", str(files / "fw.csv"),
                                           "--method", str(files / "m.yaml")]))
        assert name in err and fragment in err


@pytest.mark.parametrize(("option", "value"), [("--uncertainty", "99999999999999999999999"), ("--uncertainty", "0"),
                                               ("--sensitivity", "10000000"), ("--seed", "-1"),
                                               ("--seed", "10000000000000000001"), ("--uncertainty", "x")])
def test_numeric_options_are_bounded(files, capsys, option, value):
    err = one_line_error(capsys, run(files, option, value))
    assert option in err


def test_damaged_workbook_without_django_settings(files):
    """The entry point as installed: no traceback even though the file checker is the platform's."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import hostile_files as hostile

    (files / "d.xlsx").write_bytes(hostile.with_doctype(_workbook_bytes(files)))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run([sys.executable, "-c", "import sys; from innocounty.evaluation.cli import main; "
                           f"sys.exit(main(['validate', {str(files / 'd.xlsx')!r}]))"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "d.xlsx" in proc.stderr
