from pathlib import Path

import pytest

from briefing.errors import ConfigError
from briefing.settings import load_settings
from conftest import PROJECT


def write_config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config" / "briefing.yaml"
    config.parent.mkdir()
    config.write_text(text, encoding="utf-8")
    return config


def test_bundled_config_loads_with_schedule_and_timezone():
    settings = load_settings(PROJECT / "config" / "briefing.yaml")
    assert settings.schedule == "0 7 1 * *"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.path("store") == PROJECT / "outputs" / "briefing.db"


def test_environment_variable_overrides_a_key(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_STORE", str(tmp_path / "other.db"))
    monkeypatch.setenv("BRIEFING_TITLE", "测试简报")
    settings = load_settings(PROJECT / "config" / "briefing.yaml")
    assert settings.path("store") == tmp_path / "other.db"
    assert settings.title == "测试简报"


def test_unknown_key_names_the_key_and_the_file(tmp_path):
    config = write_config(tmp_path, "title: 简报\nschedul: '0 7 1 * *'\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    message = caught.value.one_line()
    assert "schedul" in message and str(config) in message
    assert "\n" not in message


@pytest.mark.parametrize(("text", "key"), [
    ("timezone: Mars/Olympus\n", "timezone"),
    ("schedule: '0 7 1'\n", "schedule"),
    ("period_rule: every_fortnight\n", "period_rule"),
])
def test_bad_value_names_the_key(tmp_path, text, key):
    config = write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=f"'{key}'"):
        load_settings(config)


def test_relative_paths_resolve_against_the_project_folder(tmp_path):
    config = write_config(tmp_path, "store: data/b.db\n")
    assert load_settings(config).path("store") == tmp_path / "data" / "b.db"


def test_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.yaml")
