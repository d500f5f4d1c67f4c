"""What a run did, for the orchestrator's run page: a markdown summary and a table of the new goals."""

from __future__ import annotations

from typing import Any

from briefing.bundles import RunSummaryInputs
from briefing.report.format import target_text
from briefing.tables import missing, records


def run_summary(period: str, inputs: RunSummaryInputs, pdf: str, delivery: str) -> str:
    new_documents, quarantine = inputs.new_documents, inputs.quarantine
    lines = [f"# 数字经济政策监测简报 {period}（第 {inputs.run_id} 期）", "",
             f"- 新增文件：{len(new_documents)} 份；在库文件：{inputs.documents_on_file} 份",
             f"- 新增目标：{len(inputs.new_goals)} 项；在库目标：{inputs.goals_on_file} 项",
             f"- 与前期规划相比的指标变化：{inputs.indicator_changes} 项",
             f"- 隔离文件：{len(quarantine)} 个", f"- 简报：`{pdf}`", f"- 投递：{delivery}", ""]
    if len(new_documents):
        lines += ["## 新增文件", ""] + [f"- {row['region'] or '未识别地区'}：{row['title'] or '(无标题)'}"
                                      for row in records(new_documents)] + [""]
    if len(quarantine):
        lines += ["## 隔离文件", ""] + [f"- `{row['path']}`：{row['reason']}" for row in records(quarantine)]
    return "\n".join(lines)


def new_goal_rows(inputs: RunSummaryInputs) -> list[dict[str, Any]]:
    return [{"region": goal["region"], "indicator": goal["indicator"], "target": target_text(goal),
             "year": None if missing(goal["year"]) else int(goal["year"]), "quote": goal["quote"]}
            for goal in records(inputs.new_goals)]
