import pytest

from gongkai.config import Settings, resolve


def test_defaults_come_from_the_toml():
    settings = resolve()
    assert settings.claims.tagger == "bert"  # since web scoring 22 (criterion_batch21.md)
    assert settings.ingest.max_bytes == 50_000_000
    assert settings.checks.enabled[0] == "table_internal"


def test_dict_file_and_override_layers(tmp_path):
    path = tmp_path / "my.toml"
    path.write_text('[claims]\ntagger = "rules"\nbatch_size = 8\n', "utf-8")
    settings = resolve(path, claims={"batch_size": 16})
    assert (settings.claims.tagger, settings.claims.batch_size) == ("rules", 16)
    assert resolve(settings) is settings


@pytest.mark.parametrize("bad, match", [
    ({"claims": {"tagger": "gpt"}}, "claims.tagger"),
    ({"claims": {"bogus": 1}}, "unknown setting"),
    ({"nonsense": {}}, "unknown config section"),
    ({"ingest": {"max_bytes": 0}}, "ingest.max_bytes"),
])
def test_bad_settings_fail_at_start(bad, match):
    with pytest.raises(ValueError, match=match):
        resolve(bad)


def test_settings_round_trip_as_dict():
    settings = resolve({"tables": {"max_run_splits": 5}})
    assert resolve(settings.to_dict()) == settings
    assert isinstance(settings, Settings)
