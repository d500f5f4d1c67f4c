import yaml

from briefing.settings import load_settings
from conftest import PROJECT


def test_prefect_yaml_declares_the_configured_deployment():
    declared = yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8"))
    settings = load_settings(PROJECT / "config" / "briefing.yaml")
    deployment, = declared["deployments"]
    assert deployment["name"] == settings.deployment_name
    assert deployment["schedules"] == [{"cron": settings.schedule, "timezone": settings.timezone}]
    assert deployment["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}
    module, function = deployment["entrypoint"].split(":")
    assert (PROJECT / module).is_file()
    from flows import monthly_briefing

    assert getattr(monthly_briefing, function).name == "monthly-briefing"
