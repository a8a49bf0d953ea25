import tomllib
from importlib import resources

import pytest

from gongkai.errors import Code, GongkaiError
from gongkai.tables.schema import REQUEST_COLUMNS, REQUEST_ROWS, load_schema, parse_schema


def _data() -> dict:
    return tomllib.loads(resources.files("gongkai.resources").joinpath("schema.toml").read_text("utf-8"))


def test_shipped_schema_has_every_canonical_row():
    schema = load_schema()
    assert tuple(r.key for r in schema.rows["requests"]) == REQUEST_ROWS
    assert schema.request_columns == REQUEST_COLUMNS
    assert [r.key for r in schema.rows_for("active", "2021")] == [
        "rules", "normative_documents", "licensing", "penalty", "coercion", "admin_fees"]
    assert [r.key for r in schema.rows_for("active", "2019")] == [
        "rules", "normative_documents", "licensing", "other_services", "penalty", "coercion",
        "admin_fees", "procurement"]


def test_format_specific_rows_and_fields():
    schema = load_schema()
    keys_2021 = {r.key for r in schema.rows_for("requests", "2021")}
    keys_2019 = {r.key for r in schema.rows_for("requests", "2019")}
    assert keys_2021 - keys_2019 == {"other_overdue_correction", "other_overdue_fee", "other_misc"}
    assert "other_total" in keys_2019
    fees = next(r for r in schema.rows["active"] if r.key == "admin_fees")
    assert fees.fields_for("2021") == ("amount_10k_yuan",)
    assert fees.fields_for("2019") == ("previous_items", "change")


@pytest.mark.parametrize("mutate, entry", [
    (lambda d: d["requests"]["rows"][0].update(key="new_recieved"), "requests.rows.new_recieved"),
    (lambda d: d["requests"]["rows"].append(dict(d["requests"]["rows"][0])), "requests.rows.new_received"),
    (lambda d: d["active"]["rows"][0].update(fields={"2021": ["issued", "bogus"]}), "active.rows.rules"),
    (lambda d: d["requests"]["rows"][3].update(cues=["予以公开"]), "requests.rows.partially_granted"),
    (lambda d: d["requests"]["rows"][0].update(colour="red"), "requests.rows.new_received"),
    (lambda d: d.update(extra={}), "extra"),
])
def test_bad_schema_fails_naming_the_entry(mutate, entry):
    data = _data()
    mutate(data)
    with pytest.raises(GongkaiError) as err:
        parse_schema(data)
    assert err.value.code is Code.BAD_RESOURCE
    assert err.value.context["entry"] == entry
