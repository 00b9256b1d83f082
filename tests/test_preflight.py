"""`python -m lib.cli preflight`: no start on the network without sign-in (lib/access/preflight.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lib import cli
from lib.access import preflight
from lib.access.view import NOT_LOCAL_WITHOUT_SIGN_IN

AUTH = '[auth]\nredirect_uri = "https://goals.example.org/oauth2callback"\ncookie_secret = "s3cret-of-some-length"\n'


def project(tmp_path: Path, config: str | None = None, secrets: str | None = None) -> Path:
    """A project folder with these .streamlit/config.toml and secrets.toml (None: no file)."""
    folder = tmp_path / "project" / ".streamlit"
    folder.mkdir(parents=True)
    for name, text in (("config.toml", config), ("secrets.toml", secrets)):
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder.parent


def check(tmp_path: Path, address: str | None = None, environ: dict | None = None, **files: str | None):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return preflight.check(address, environ or {}, project(tmp_path, **files), home)


LOCAL = '[server]\naddress = "127.0.0.1"\n'


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_a_loopback_address_starts_without_sign_in(tmp_path, address):
    refused, plan = check(tmp_path, address)
    assert refused is None
    assert plan == f"Listening on {address} (from --address), sign-in off: local mode."


@pytest.mark.parametrize("address", ["0.0.0.0", "10.1.2.3", "::", "school-goals.example.org"])
def test_a_network_address_without_sign_in_is_refused_with_the_apps_sentence(tmp_path, address):
    refused, _ = check(tmp_path, address, config=LOCAL)
    assert (
        refused == f"Not started: it would listen on {address} (from --address). {NOT_LOCAL_WITHOUT_SIGN_IN}"
    )


def test_no_address_anywhere_means_every_interface_and_is_refused(tmp_path):
    refused, _ = check(tmp_path)
    assert refused is not None
    assert refused.startswith(
        "Not started: it would listen on every network interface (from Streamlit's default)."
    )


def test_the_projects_config_address_is_used_when_nothing_else_names_one(tmp_path):
    refused, plan = check(tmp_path, config=LOCAL)
    assert refused is None
    assert "Listening on 127.0.0.1 (from " in plan and plan.endswith("config.toml), sign-in off: local mode.")


def test_the_environment_variable_overrides_the_config_file(tmp_path):
    refused, _ = check(tmp_path, environ={"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, config=LOCAL)
    assert refused is not None and "0.0.0.0 (from STREAMLIT_SERVER_ADDRESS)" in refused


def test_the_address_flag_overrides_the_environment_variable(tmp_path):
    refused, _ = check(tmp_path, "127.0.0.1", environ={"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"})
    assert refused is None


def test_the_projects_config_wins_over_the_users_global_config(tmp_path):
    (tmp_path / "home" / ".streamlit").mkdir(parents=True)
    (tmp_path / "home" / ".streamlit" / "config.toml").write_text('[server]\naddress = "0.0.0.0"\n')
    refused, _ = check(tmp_path, config=LOCAL)
    assert refused is None


def test_the_users_global_config_counts_when_the_project_names_no_address(tmp_path):
    (tmp_path / "home" / ".streamlit").mkdir(parents=True)
    (tmp_path / "home" / ".streamlit" / "config.toml").write_text('[server]\naddress = "0.0.0.0"\n')
    refused, _ = check(tmp_path, config="[server]\nheadless = true\n")
    assert refused is not None and "0.0.0.0 (from " in refused


def test_a_network_address_with_sign_in_starts(tmp_path):
    refused, plan = check(tmp_path, "0.0.0.0", config=LOCAL, secrets=AUTH)
    assert refused is None
    assert plan == "Listening on 0.0.0.0 (from --address), sign-in on."


def test_sign_in_in_the_users_global_secrets_counts(tmp_path):
    (tmp_path / "home" / ".streamlit").mkdir(parents=True)
    (tmp_path / "home" / ".streamlit" / "secrets.toml").write_text(AUTH)
    refused, _ = check(tmp_path, "0.0.0.0")
    assert refused is None


def test_secrets_without_an_auth_section_do_not_turn_sign_in_on(tmp_path):
    refused, _ = check(tmp_path, "0.0.0.0", secrets='api_key = "x"\n[database]\nurl = "y"\n')
    assert refused is not None and refused.endswith(NOT_LOCAL_WITHOUT_SIGN_IN)


def test_an_auth_section_missing_its_cookie_secret_is_refused_even_locally(tmp_path):
    refused, _ = check(
        tmp_path, "127.0.0.1", secrets='[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n'
    )
    assert refused == (
        "The [auth] section of .streamlit/secrets.toml has no cookie_secret, so nobody could sign in. "
        "Fill it in as .streamlit/secrets.example.toml shows, then start again."
    )


def test_a_secrets_file_that_is_not_toml_is_named(tmp_path):
    with pytest.raises(preflight.SettingsFileError, match=r"secrets\.toml is not valid TOML"):
        check(tmp_path, "0.0.0.0", secrets="[auth\n")


def test_the_repositorys_own_config_listens_on_this_computer_only():
    where = preflight.listening(None, {}, [preflight.ROOT / ".streamlit" / "config.toml"])
    assert where.address == "127.0.0.1"


def test_the_command_refuses_with_exit_1_and_the_sentence_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(preflight, "ROOT", project(tmp_path, config=LOCAL))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("STREAMLIT_SERVER_ADDRESS", raising=False)
    assert cli.main(["preflight", "--address", "0.0.0.0"]) == 1
    assert capsys.readouterr().err.strip().endswith(NOT_LOCAL_WITHOUT_SIGN_IN)
    assert cli.main(["preflight"]) == 0
    assert capsys.readouterr().out.strip().endswith("sign-in off: local mode.")


def test_the_command_names_a_broken_secrets_file_and_exits_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(preflight, "ROOT", project(tmp_path, config=LOCAL, secrets="[auth\n"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cli.main(["preflight"]) == 1
    assert "secrets.toml is not valid TOML" in capsys.readouterr().err


def example_sections() -> list[dict]:
    """The [auth] sections commented out in .streamlit/secrets.example.toml, uncommented."""
    text = (preflight.ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
    blocks = text.split("# [auth]\n")[1:]
    return [tomllib.loads("[auth]\n" + block.split("\n\n")[0].replace("# ", "")) for block in blocks]


def test_the_secrets_example_turns_nothing_on_as_it_is():
    assert preflight.auth_section([preflight.ROOT / ".streamlit" / "secrets.example.toml"]) is None


def test_each_secrets_example_has_exactly_the_keys_streamlit_reads():
    sections = example_sections()
    assert [s["auth"]["server_metadata_url"].split("/")[2] for s in sections] == [
        "accounts.google.com",
        "login.microsoftonline.com",
    ]
    for section in sections:
        assert sorted(section["auth"]) == sorted(
            ["redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"]
        )
        assert section["auth"]["redirect_uri"].endswith("/oauth2callback")
