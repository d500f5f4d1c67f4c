"""本期要点: three to six sentences written from the briefing's own rows, the news first.

Sentences reason on codes (a peer row's rank number, a change's status codes), never on rendered text. Each
names the documents it rests on. A ranking is claimed only among at least ``MIN_RANKED_PEERS`` regions of
the same level that state the indicator as a number: "the highest" of two is no news.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.report.format import stated
from briefing.report.rows import Highlight, Source

if TYPE_CHECKING:
    from briefing.report.context import BriefingContext
    from briefing.report.rows import ChangeSet

MAX_SENTENCES = 6
MIN_SENTENCES = 3
#: regions of one level (the leader included) that state an indicator, at least, for "目标最高"
MIN_RANKED_PEERS = 3
_NOT_MOVED = {"new", "dropped", "unchanged"}


def _list(items: list[str], limit: int = 4) -> str:
    shown = "、".join(items[:limit])
    return shown + ("等" if len(items) > limit else "")


def _news(context: BriefingContext) -> Highlight:
    new = context.new_documents
    total = context.documents_in_store
    if not new:
        return Highlight(f"本期没有新收录的政策文件；在库文件共{total}份，以下对比均基于在库文件。")
    regions = list(dict.fromkeys(card.region or "未识别地区" for card in new))
    return Highlight(f"本期新收录政策文件{len(new)}份，涉及{_list(regions)}，共提取量化目标"
                     f"{context.new_goal_count}项、重点任务{context.new_measure_count}项；在库文件共{total}份。",
                     tuple(Source(card.doc_id, card.title) for card in new[:4]))


def _boldest(context: BriefingContext) -> list[Highlight]:
    """New targets ranked first among at least MIN_RANKED_PEERS regions of their level."""
    sentences = []
    leading = [(group, row) for group in context.peer_groups for row in group.rows
               if row.is_new and row.rank == 1 and (row.regions_ranked or 0) >= MIN_RANKED_PEERS]
    for group, row in leading[:2]:
        year = f"到{row.year}年" if row.year else ""
        sentences.append(Highlight(
            f"{row.region}提出{year}{group.indicator_name}{stated(row.comparator, row.target)}，"
            f"在{row.regions_ranked}个同级地区中目标最高。", (Source(row.doc_id, row.document_title),)))
    return sentences


def _change(change: ChangeSet) -> Highlight:
    moved = [c for c in change.indicators if not set(c.statuses) <= _NOT_MOVED]
    added = [c for c in change.indicators if c.statuses == ("new",)]
    parts = [f"{change.region}新文件与{change.predecessor_date[:4]}年前期文件相比"]
    if moved:
        parts.append(f"调整指标{len(moved)}项（如{moved[0].indicator}：{moved[0].old_targets}→{moved[0].new_targets}）")
    if added:
        parts.append(f"新增指标{len(added)}项")
    if change.themes_gained:
        parts.append(f"新增主题{_list(list(change.themes_gained), 3)}")
    return Highlight("，".join(parts) + "。", (Source(change.doc_id, change.title),
                                             Source(change.predecessor_id, change.predecessor_title)))


def _fillers(context: BriefingContext) -> list[Highlight]:
    """Sentences about what is on file, for a period with little news."""
    comparable = [group for group in context.peer_groups if len(group.rows) > 1]
    return [Highlight(f"在库文件覆盖{len(context.regions)}个地区，其中{len(comparable)}项统一指标可在地区间比较。"),
            Highlight(f"在库目标共{context.goals_on_file}项，其中{len(context.quality.masked)}项数值被遮盖"
                      f"（□、××），{len(context.quality.unmapped)}项未归入统一指标。")]


def _unsupported(context: BriefingContext) -> Highlight:
    documents = dict.fromkeys((goal.doc_id, goal.document_title) for goal in context.unsupported_goals)
    return Highlight(f"新文件中有{len(context.unsupported_goals)}项目标未找到对应的重点任务。",
                     tuple(Source(doc_id, title) for doc_id, title in list(documents)[:4]))


def highlights(context: BriefingContext) -> tuple[Highlight, ...]:
    sentences = [_news(context), *_boldest(context), *(_change(c) for c in context.changes[:2])]
    if context.reuse:
        top = context.reuse[0]
        sentences.append(Highlight(f"《{top.title}》与《{top.other_title}》有相同段落（最长{top.length}字），"
                                   f"可能存在相互借鉴。", (Source(top.doc_id, top.title),
                                                         Source(top.other_doc_id, top.other_title))))
    if context.unsupported_goals and len(sentences) < MAX_SENTENCES:
        sentences.append(_unsupported(context))
    if context.quality.quarantined and len(sentences) < MAX_SENTENCES:
        sentences.append(Highlight(f"{len(context.quality.quarantined)}个文件未能读取，已记录在数据质量部分。"))
    for filler in _fillers(context):
        if len(sentences) < MIN_SENTENCES:
            sentences.append(filler)
    return tuple(sentences[:MAX_SENTENCES])
