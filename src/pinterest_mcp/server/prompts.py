"""MCP prompts: the jobs people bring to an ads account, written as the steps a careful analyst takes.

Each prompt names the tools to call, in order, with the arguments that matter, so a model does not
improvise the method: compare like periods, check that the data is final before calling a change,
decompose a metric before blaming a cause, and plan every write for the user's approval. Tools
outside the default toolsets are named together with the `enable_toolset` call that adds them (a
test checks both against the registry).

Prompt arguments are strings on the wire. Dates default to complete UTC days ending yesterday,
computed when the prompt is rendered (`clock` is injectable so tests pin "today").
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, get_args

from mcp import MCPError
from mcp.server.mcpserver.prompts.base import Message, Prompt, PromptArgument
from mcp.types import INVALID_PARAMS, InputRequiredResult
from pydantic import Field
from pydantic.fields import FieldInfo

Clock = Callable[[], date]

AdAccountArg = Annotated[str | None, Field(description="Ad account id; leave empty to pick one from list_ad_accounts")]
EndDateArg = Annotated[str | None, Field(description="Last day, YYYY-MM-DD (default: yesterday, UTC)")]
CampaignArg = Annotated[str, Field(description="The campaign's id (from list_campaigns)")]
BoardArg = Annotated[str | None, Field(description="One board's id (from list_boards); empty for all boards")]
Days7 = Annotated[str | None, Field(description="Days in each period (default 7)")]
Days14 = Annotated[str | None, Field(description="Days in the window (default 14)")]
Days30 = Annotated[str | None, Field(description="Days in the window (default 30)")]

REPORT_COLUMNS = (
    "SPEND_IN_MICRO_DOLLAR,PAID_IMPRESSION,TOTAL_CLICKTHROUGH,CTR,CPC_IN_MICRO_DOLLAR,CPM_IN_MICRO_DOLLAR,"
    "TOTAL_CONVERSIONS,TOTAL_CHECKOUT,TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR,CHECKOUT_ROAS"
)

_COMMON = """\
Ground rules: ids are digit strings; money columns ending _IN_MICRO_DOLLAR are micro-units of the \
ad account's currency (analytics tables show them in currency units, as SPEND (USD)); resource \
pinterest://analytics/columns gives every column's unit. State the currency and the date range with \
every figure. Do not change anything unless this prompt says how."""


def _today() -> date:
    return datetime.now(UTC).date()


def _invalid(message: str) -> MCPError:
    """A bad prompt argument, said to the client as such (the SDK hides any other error's text)."""
    return MCPError(code=INVALID_PARAMS, message=message)


def _day(value: str | None, default: date, what: str) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _invalid(f"{what} must be YYYY-MM-DD, not {value!r}") from None


def _positive(value: str | None, default: int, what: str, *, most: int) -> int:
    if not value:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise _invalid(f"{what} must be a whole number, not {value!r}") from None
    if not 1 <= number <= most:
        raise _invalid(f"{what} must be between 1 and {most}")
    return number


def _account_step(ad_account_id: str | None, default_account: str | None) -> str:
    """The first step: which ad account, and its currency, before any figure is read."""
    chosen = ad_account_id or default_account
    if chosen:
        return f"Use ad account {chosen}. Call `get_ad_account` (ad_account_id={chosen}) for its name and currency."
    return (
        "Call `list_ad_accounts` (or read pinterest://ad-accounts). With one account, use it; with several, "
        "ask the user which one, showing name, currency and country."
    )


def weekly_performance_review(
    clock: Clock, default_account: str | None, ad_account_id: AdAccountArg = None, end_date: EndDateArg = None
) -> str:
    end = _day(end_date, clock() - timedelta(days=1), "end_date")
    start = end - timedelta(days=6)
    prev_end, prev_start = start - timedelta(days=1), start - timedelta(days=7)
    return f"""\
Weekly performance review of a Pinterest ads account: {start} to {end}, against {prev_start} to {prev_end}.

1. {_account_step(ad_account_id, default_account)}
2. Check the data is final: `enable_toolset(toolsets=["targeting"])`, then `get_metrics_ready_state` \
(date={end}). If that day is not ready, say that conversions for the last days may still rise.
3. Account totals: `get_ad_account_analytics` twice, granularity=TOTAL, columns={REPORT_COLUMNS}, once per \
week. Report each metric for both weeks with the change in percent.
4. Per campaign: `list_campaigns` (ACTIVE and PAUSED), then `get_campaign_analytics` with their \
campaign_ids, the same columns, granularity=TOTAL, for this week and the previous one.
5. Write the review: a table of campaigns by spend (spend, CTR, CPC, conversions, cost per conversion \
= spend / TOTAL_CONVERSIONS, ROAS), the three biggest movers week over week and why the numbers say \
they moved (impressions, CTR or conversion rate), campaigns that spent without a conversion, and \
campaigns near a spend cap.
6. End with at most five recommended actions, each naming the tool that would do it (for example \
`pause_ad_groups`, `set_ad_group_budget`). Apply none: they are for the user to choose.

Be careful with small numbers: under about 30 conversions a week, a change of a few conversions is \
noise, and say so rather than draw a conclusion.
{_COMMON}"""


def diagnose_campaign(
    clock: Clock,
    default_account: str | None,
    campaign_id: CampaignArg,
    ad_account_id: AdAccountArg = None,
    end_date: EndDateArg = None,
    days: Days7 = None,
) -> str:
    span = _positive(days, 7, "days", most=45)
    end = _day(end_date, clock() - timedelta(days=1), "end_date")
    start = end - timedelta(days=span - 1)
    prev_end, prev_start = start - timedelta(days=1), start - timedelta(days=span)
    return f"""\
Diagnose campaign {campaign_id}: why did its cost per acquisition (CPA) or results change? Compare \
{start}..{end} (recent) with {prev_start}..{prev_end} (before).

1. {_account_step(ad_account_id, default_account)}
2. Rule out data lag first: `enable_toolset(toolsets=["targeting"])`, then `get_metrics_ready_state` for \
the last days of the recent period. Conversions that are not final make CPA look high.
3. `get_campaign` (campaign_id={campaign_id}): status, objective, spend caps, updated_time. A change \
made in the recent period is the first suspect.
4. `get_campaign_analytics` (campaign_ids=[{campaign_id}], granularity=DAY, columns={REPORT_COLUMNS}) \
over {prev_start}..{end}. Find the day the change starts.
5. Decompose it, before and after: CPA = spend / conversions = CPC / conversion rate, and \
CPC = CPM / (1000 x CTR). Say which factor moved:
   - CPM up with steady CTR: more competition or narrower targeting (auction), not the ads.
   - CTR down: creative fatigue or a new, weaker ad.
   - conversion rate down with steady CTR: the landing page, the offer, or conversion tracking.
   - spend up with flat results: a budget raised faster than the audience could absorb.
6. Find where inside the campaign: `list_ad_groups` (campaign_ids=[{campaign_id}]) for budgets, bids \
and status; `get_ad_group_analytics` for those ad groups, granularity=TOTAL, for both periods; \
`list_ads` (campaign_ids=[{campaign_id}]) for new, paused or rejected ads (review_status); \
`get_ad_analytics` per ad for the ads that changed.
7. Audience shift: `enable_toolset(toolsets=["analytics_breakdowns"])`, then \
`get_campaign_targeting_analytics` (targeting_types=["AGE_BUCKET","GENDER","COUNTRY","APPTYPE"]) \
for both periods.
8. Report: the factor that moved, where (ad group, ad, audience), the evidence in numbers, and \
what would fix it, naming the tool (for example `pause_ads`, `set_ad_group_budget`). Change \
nothing without the user's go-ahead; every write plans first.
{_COMMON}"""


def budget_pacing_check(clock: Clock, default_account: str | None, ad_account_id: AdAccountArg = None) -> str:
    end = clock() - timedelta(days=1)  # on the 1st, the month just ended
    first = end.replace(day=1)
    elapsed = (end - first).days + 1
    next_month = (first + timedelta(days=32)).replace(day=1)
    month_days = (next_month - first).days
    return f"""\
Budget pacing check, month to date: {first} to {end} is {elapsed} of the month's {month_days} days.

1. {_account_step(ad_account_id, default_account)}
2. Budgets: `list_campaigns` (entity_statuses=["ACTIVE"]) for daily_spend_cap and lifetime_spend_cap; \
`list_ad_groups` (entity_statuses=["ACTIVE"]) for budget_in_micro_currency, budget_type (DAILY or \
LIFETIME), start_time and end_time.
3. Spend: `get_campaign_analytics` and `get_ad_group_analytics` with those ids, \
columns=SPEND_IN_MICRO_DOLLAR,PAID_IMPRESSION,TOTAL_CONVERSIONS, granularity=DAY, {first}..{end}.
4. Pace each ad group:
   - DAILY: expected = daily budget x active days this month; pace = spend / expected.
   - LIFETIME: expected = budget x elapsed share of its flight (start_time to end_time); also \
remaining budget / remaining days, the daily spend needed to finish on time.
   - Campaign caps: month spend against daily cap x days, or the lifetime cap.
   Flag under 80% (under-delivery: bid too low, audience too narrow, ads in review or rejected) and \
over 110% (will exhaust early). Spend trending up or down over the last 7 days matters more than \
the month average.
5. Report a table (entity, budget, expected, spent, pace, projected month spend at the last 7 days' \
rate) and the account's projected month total.
6. Propose changes, each with the tool and the exact new value: `set_ad_group_budget` (currency units, \
e.g. "75.50"), `set_campaign_spend_cap`. They return a plan and write nothing; show the plan and \
apply only if the user approves (call again with its confirmation). Never raise a budget more than \
the server's limits allow in one step.
{_COMMON}"""


def pause_underperformers(
    clock: Clock,
    default_account: str | None,
    ad_account_id: AdAccountArg = None,
    days: Days14 = None,
    min_spend: Annotated[str | None, Field(description="Least spend to judge an ad group, account currency")] = None,
    target_cpa: Annotated[str | None, Field(description="Target cost per conversion, account currency")] = None,
) -> str:
    span = _positive(days, 14, "days", most=90)
    end = clock() - timedelta(days=1)
    start = end - timedelta(days=span - 1)
    if min_spend:
        spend_rule = f"spent at least {min_spend} (account currency)"
    elif target_cpa:
        spend_rule = f"spent at least twice the target CPA ({target_cpa})"
    else:
        spend_rule = "spent at least the account's cost per conversion over the window (its spend / conversions)"
    cpa_rule = f", or a cost per conversion above {target_cpa}" if target_cpa else ""
    return f"""\
Find ad groups that spend without converting and pause them, with a plan the user approves first. \
Window: {start} to {end} ({span} days).

1. {_account_step(ad_account_id, default_account)}
2. `list_ad_groups` (entity_statuses=["ACTIVE"], all_pages=true): ids, names, campaign, budget, \
created_time.
3. `get_ad_group_analytics` (those ad_group_ids, granularity=TOTAL, \
columns=SPEND_IN_MICRO_DOLLAR,PAID_IMPRESSION,TOTAL_CLICKTHROUGH,CTR,TOTAL_CONVERSIONS, \
{start}..{end}).
4. Candidates: ad groups that {spend_rule} with no conversion{cpa_rule}. Leave out ad groups \
created in the last 7 days (still learning) and any whose last days are not final yet \
(`enable_toolset(toolsets=["targeting"])`, then `get_metrics_ready_state`). If pausing would leave a \
campaign with no active ad group, say so.
5. Show the user the list first: name, campaign, spend, clicks, conversions, why it qualifies. Ask \
which to pause. Stop here if the list is empty or they decline.
6. For the ones approved, call `pause_ad_groups` (ad_account_id, ad_group_ids). It writes nothing \
and returns a plan with a confirmation; show the plan. Only after the user approves that plan, \
call `pause_ad_groups` again with the same arguments plus confirmation. (Clients with elicitation \
ask the user themselves.)
7. Report what was paused and that `activate_ad_groups` reverses it.
{_COMMON}"""


def organic_content_audit(
    clock: Clock, default_account: str | None, board_id: BoardArg = None, days: Days30 = None
) -> str:
    span = _positive(days, 30, "days", most=90)
    end = clock() - timedelta(days=1)
    start = end - timedelta(days=span - 1)
    scope = f"board {board_id}" if board_id else "every board"
    pins_step = (
        f"`list_board_pins` (board_id={board_id}, all_pages=true)"
        if board_id
        else "`list_pins` (all_pages=true) and, per board, `list_board_pins`"
    )
    return f"""\
Audit the organic Pinterest content of {scope}: what works, what is missing, what to fix. Window: \
{start} to {end}.

1. Enable the organic tools in one call: \
`enable_toolset(toolsets=["boards", "pins", "organic_analytics"])`.
2. `get_user_account` and `get_user_account_analytics` ({start}..{end}) for the profile's \
impressions, saves, outbound clicks and engagement, and their trend.
3. `list_boards` (all_pages=true): names, descriptions, privacy, Pin counts. Flag boards with no \
description, fewer than 10 Pins, or a vague name that a search would not match.
4. {pins_step}, with fields=["*"] where you need link, alt_text and description. Flag Pins with \
no link (no outbound traffic possible), no description or title, or no alt text (accessibility \
and search).
5. `get_top_pins` ({start}..{end}) with sort_by=IMPRESSION, then SAVE, then OUTBOUND_CLICK: what \
the best Pins share (topic, format, board). For a Pin worth a closer look, `get_pin_analytics`.
6. Report: the profile trend, the top Pins and what they have in common, and a fix list (Pin or \
board, what is missing, a suggested text). Offer to apply fixes with `update_pin` (needs \
`enable_toolset(toolsets=["organic_manage"])`): it returns a plan first; apply only what the user \
approves, with the plan's confirmation.
{_COMMON}"""


PROMPTS: tuple[tuple[Callable[..., str], str, str], ...] = (
    (weekly_performance_review, "Weekly performance review", "Last 7 days against the 7 before, per campaign."),
    (
        diagnose_campaign,
        "Diagnose a campaign",
        "Why a campaign's CPA or results changed: data lag, CPM/CTR/conversion rate, where inside.",
    ),
    (budget_pacing_check, "Budget pacing check", "Month-to-date spend against budgets and caps, per ad group."),
    (
        pause_underperformers,
        "Pause underperformers (plan first)",
        "Ad groups that spend without converting, shown to the user, then paused with plan and confirm.",
    ),
    (organic_content_audit, "Organic content audit", "Boards and Pins: top performers, missing links and text."),
)


def build_prompts(default_account: str | None = None, clock: Clock = _today) -> list[Prompt]:
    """The prompts, bound to the server's default ad account and a clock for their dates.

    Built without `Prompt.from_function`, which makes a pydantic model per prompt (about 3 ms
    each at every start-up): the arguments are read from the signature, and all are strings.
    """
    prompts: list[Prompt] = []
    for render, title, description in PROMPTS:
        arguments = prompt_arguments(render)
        prompts.append(
            _Prompt(
                name=render.__name__,
                title=title,
                description=description,
                arguments=arguments,
                fn=_checked(render, clock, default_account, {a.name for a in arguments}),
                context_kwarg=None,
            )
        )
    return prompts


class _Prompt(Prompt):
    """A prompt whose missing arguments are reported to the client by name (the SDK's check is an internal error)."""

    async def render(self, arguments: dict[str, Any] | None, context: Any) -> list[Message] | InputRequiredResult:
        missing = sorted(a.name for a in self.arguments or () if a.required and a.name not in (arguments or {}))
        if missing:
            raise _invalid(f"{self.name} needs {', '.join(missing)}")
        return await super().render(arguments, context)


def _checked(
    render: Callable[..., str], clock: Clock, default_account: str | None, known: set[str]
) -> Callable[..., str]:
    """`render` bound to the clock and account, refusing an argument it does not take by name."""

    def bound(**arguments: str) -> str:
        unknown = sorted(set(arguments) - known)
        if unknown:
            raise _invalid(f"{render.__name__} takes no {', '.join(unknown)}; it takes {', '.join(sorted(known))}")
        return render(clock, default_account, **arguments)

    return bound


def prompt_arguments(render: Callable[..., str]) -> list[PromptArgument]:
    """A renderer's arguments after `clock` and `default_account`, described by their `Field`s.

    Read once per renderer: the connector builds a server per grant, and evaluating the signature's
    annotations was half of each build.
    """
    return [argument.model_copy() for argument in _prompt_arguments(render)]


@functools.cache
def _prompt_arguments(render: Callable[..., str]) -> tuple[PromptArgument, ...]:
    arguments = []
    for parameter in list(inspect.signature(render, eval_str=True).parameters.values())[2:]:
        described = [m.description for m in get_args(parameter.annotation)[1:] if isinstance(m, FieldInfo)]
        arguments.append(
            PromptArgument(
                name=parameter.name,
                description=described[0] if described else None,
                required=parameter.default is inspect.Parameter.empty,
            )
        )
    return tuple(arguments)
