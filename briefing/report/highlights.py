"""本期要点: three to six sentences written from the data, the news first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.compare import Comparison

if TYPE_CHECKING:
    from briefing.report.context import BriefingContext

MAX_SENTENCES = 6


def stated(comparator: str, target: str) -> str:
    """A target as a sentence says it: "超过50%", "300个左右"."""
    return f"{target}左右" if comparator == "左右" else f"{comparator}{target}"


def _list(items: list[str], limit: int = 4) -> str:
    shown = "、".join(items[:limit])
    return shown + ("等" if len(items) > limit else "")


def highlights(context: BriefingContext, comparison: Comparison) -> tuple[str, ...]:
    sentences = []
    new = context.new_documents
    total = len(new) + len(context.on_file_documents)
    if new:
        regions = list(dict.fromkeys(card.region or "未识别地区" for card in new))
        sentences.append(f"本期新收录政策文件{len(new)}份，涉及{_list(regions)}，共提取量化目标"
                         f"{context.new_goal_count}项、重点任务{context.new_measure_count}项；在库文件共{total}份。")
    else:
        sentences.append(f"本期没有新收录的政策文件；在库文件共{total}份，以下对比均基于在库文件。")
    boldest = [(group, row) for group in context.peer_groups for row in group.rows
               if row.is_new and row.rank and row.rank.startswith("1/") and not row.rank.endswith("/1")]
    for group, row in boldest[:2]:
        year = f"到{row.year}年" if row.year else ""
        sentences.append(f"{row.region}提出{year}{group.indicator_name}{stated(row.comparator, row.target)}，"
                         f"在同级地区中目标最高。")
    for change in context.changes[:2]:
        moved = [c for c in change.indicators if c.status not in ("新增", "删去", "不变")]
        added = [c for c in change.indicators if c.status == "新增"]
        parts = [f"{change.region}新文件与{change.predecessor_date[:4]}年前期文件相比"]
        if moved:
            parts.append(f"调整指标{len(moved)}项（如{moved[0].indicator}：{moved[0].old_targets}→{moved[0].new_targets}）")
        if added:
            parts.append(f"新增指标{len(added)}项")
        if change.themes_gained:
            parts.append(f"新增主题{_list(list(change.themes_gained), 3)}")
        sentences.append("，".join(parts) + "。")
    if context.reuse:
        top = context.reuse[0]
        sentences.append(f"《{top.title}》与《{top.other_title}》有相同段落（最长{top.length}字），"
                         f"可能存在相互借鉴。")
    if context.unsupported_goals and len(sentences) < MAX_SENTENCES:
        sentences.append(f"新文件中有{len(context.unsupported_goals)}项目标未找到对应的重点任务。")
    if context.quarantined and len(sentences) < MAX_SENTENCES:
        sentences.append(f"{len(context.quarantined)}个文件未能读取，已记录在数据质量部分。")
    regions = len(context.regions)
    if len(sentences) < 3:
        comparable = [group for group in context.peer_groups if len(group.rows) > 1]
        sentences.append(f"在库文件覆盖{regions}个地区，其中{len(comparable)}项统一指标可在地区间比较。")
    if len(sentences) < 3:
        sentences.append(f"在库目标共{len(context.all_goals)}项，其中{len(context.masked)}项数值被遮盖（□、××），"
                         f"{len(context.unmapped)}项未归入统一指标。")
    return tuple(sentences[:MAX_SENTENCES])
