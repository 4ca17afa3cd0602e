#!/usr/bin/env python3
"""The source of infra/kibana/pulse-saved-objects.ndjson: data views, Lens visualisations and
dashboards in the saved-objects export format Kibana 8.14 to 9.x imports.

    python3 infra/kibana-source/pulse_saved_objects.py infra/kibana/pulse-saved-objects.ndjson

then run DashboardFieldsTest; the build fails (SavedObjectsSourceTest) while the committed file
differs from what this writes. Ids are readable and stable (the per-community setup suffixes them);
data views are reached only through `references`. See docs/dashboards.md.

The same file serves the shared space (every community) and each community's space, so every
panel is written for many communities:
- a count (a long field: members, posts, visits) is summed across communities, day by day. A daily
  event count is summed directly; a count of a window or a level (active members, creators,
  promoted_28d) is taken per community and day (average, or last value) and the communities are
  then summed (Lens' "collapse by sum" on a community breakdown), so a chart that groups days
  into weeks shows the average day, not seven days added up;
- a ratio (stickiness, health index, retention) is shown per community, never averaged into one;
- a "latest" tile reads the newest *final* day (`final : true`: its figures no longer change) and
  says so; tiles per community show that day as well.
"""
import json
import sys


def compact(o):
    """JSON without spaces, as Kibana writes it (also inside string attributes)."""
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False)


CORE = "8.8.0"
TYPE_VERSION = {"index-pattern": "8.0.0", "lens": "8.9.0", "dashboard": "10.2.0"}

SESSIONS, MEMBERS, COMMUNITIES = "pulse-sessions", "pulse-members", "pulse-communities"

# How many communities a summed panel adds up (the size of its community breakdown). A community
# beyond it would be left out of the sum, so DashboardFieldsTest holds summed panels to this.
SUMMED_COMMUNITIES = 100
# How many communities a per-community chart shows: the weakest first.
SHOWN_COMMUNITIES = 10

objects = []


def so(type_, id_, attributes, references):
    objects.append(
        {
            "type": type_,
            "id": id_,
            "attributes": attributes,
            "references": references,
            "managed": False,
            "coreMigrationVersion": CORE,
            "typeMigrationVersion": TYPE_VERSION[type_],
        }
    )


PERCENT = {"id": "percent", "params": {"decimals": 0}}
NUMBER0 = {"id": "number", "params": {"decimals": 0}}
NUMBER1 = {"id": "number", "params": {"decimals": 1}}
NUMBER2 = {"id": "number", "params": {"decimals": 2}}

# ---- data views -------------------------------------------------------------------------------
so(
    "index-pattern",
    SESSIONS,
    {
        "title": SESSIONS,
        "name": "Community Pulse: sessions",
        "timeFieldName": "start",
        "fieldFormatMap": compact({"duration_s": {"id": "number", "params": {"pattern": "0,0"}}}),
        "fieldAttrs": compact(
            {
                "duration_s": {"customLabel": "Visit length (seconds)"},
                "entry_url": {"customLabel": "Entry page"},
                "referred_by": {"customLabel": "Referred by member"},
            }
        ),
        "runtimeFieldMap": "{}",
        "fields": "[]",
        "typeMeta": "{}",
        "sourceFilters": "[]",
    },
    [],
)
so(
    "index-pattern",
    MEMBERS,
    {
        "title": MEMBERS,
        "name": "Community Pulse: members",
        "timeFieldName": "as_of",
        "fieldFormatMap": compact(
            {
                "engagement_score": {"id": "number", "params": {"pattern": "0,0.0"}},
                "engagement_score_28d_ago": {"id": "number", "params": {"pattern": "0,0.0"}},
                "advocacy_score": {"id": "number", "params": {"pattern": "0,0.0"}},
            }
        ),
        "fieldAttrs": compact(
            {
                "member_id": {"customLabel": "Member"},
                "level": {"customLabel": "Level"},
                "level_28d_ago": {"customLabel": "Level 28 days ago"},
                "level_change": {"customLabel": "Level change"},
                "as_of": {"customLabel": "As of day"},
            }
        ),
        "runtimeFieldMap": "{}",
        "fields": "[]",
        "typeMeta": "{}",
        "sourceFilters": "[]",
    },
    [],
)
so(
    "index-pattern",
    COMMUNITIES,
    {
        "title": COMMUNITIES,
        "name": "Community Pulse: communities by day",
        "timeFieldName": "day",
        "fieldFormatMap": compact(
            {
                # A day is a UTC day; with dateFormat:tz UTC (set by ./pulse setup) it reads as
                # the document's own date.
                "day": {"id": "date", "params": {"pattern": "YYYY-MM-DD"}},
                "stickiness": {"id": "percent"},
                "response_rate_24h": {"id": "percent"},
                "response_rate_24h_7d": {"id": "percent"},
                "reciprocity_28d": {"id": "percent"},
                "newcomer_retention_28d": {"id": "percent"},
                "pay_it_forward_28d": {"id": "percent"},
                "health_index": {"id": "number", "params": {"pattern": "0,0"}},
            }
        ),
        "fieldAttrs": compact(
            {
                "community_id": {"customLabel": "Community"},
                "value_quadrant": {"customLabel": "Value quadrant"},
            }
        ),
        "runtimeFieldMap": "{}",
        "fields": "[]",
        "typeMeta": "{}",
        "sourceFilters": "[]",
    },
    [],
)


# ---- Lens columns -----------------------------------------------------------------------------
def date_hist(field, label, interval="1d"):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "date",
        "operationType": "date_histogram",
        "sourceField": field,
        "isBucketed": True,
        "scale": "interval",
        "params": {"interval": interval, "includeEmptyRows": True, "dropPartials": False},
    }


def metric(op, field, label, fmt=None, kql=None):
    col = {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": op,
        "sourceField": field,
        "isBucketed": False,
        "scale": "ratio",
        "params": {},
    }
    if op == "sum":
        col["params"]["emptyAsNull"] = True
    if fmt:
        col["params"]["format"] = fmt
    if kql:
        col["filter"] = {"query": kql, "language": "kuery"}
    return col


def count(label, kql=None):
    col = {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": "count",
        "sourceField": "___records___",
        "isBucketed": False,
        "scale": "ratio",
        "params": {"emptyAsNull": False},
    }
    if kql:
        col["filter"] = {"query": kql, "language": "kuery"}
    return col


FINAL = "final : true"


def last(field, label, fmt=None, data_type="number"):
    """Lens' last_value on the newest *final* day that has the field: a figure that no longer
    changes (docs/dashboards.md, "latest day")."""
    col = {
        "label": label,
        "customLabel": True,
        "dataType": data_type,
        "operationType": "last_value",
        "sourceField": field,
        "isBucketed": False,
        "scale": "ordinal" if data_type == "string" else "ratio",
        "filter": {"query": FINAL + " and " + field + " : *", "language": "kuery"},
        "params": {"sortField": "day", "showArrayValues": False},
    }
    if fmt:
        col["params"]["format"] = fmt
    return col


def last_day():
    """The date of the newest final day, shown beside a latest figure."""
    return {
        "label": "Day (UTC)",
        "customLabel": True,
        "dataType": "date",
        "operationType": "last_value",
        "sourceField": "day",
        "isBucketed": False,
        "scale": "ratio",
        "filter": {"query": FINAL, "language": "kuery"},
        "params": {"sortField": "day", "showArrayValues": False},
    }


def terms(field, label, order_by, size, other=False, direction=None):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "terms",
        "sourceField": field,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": order_by}
            if order_by
            else {"type": "alphabetical", "fallback": False},
            "orderDirection": direction or ("desc" if order_by else "asc"),
            "otherBucket": other,
            "missingBucket": False,
            "parentFormat": {"id": "terms"},
            "include": [],
            "exclude": [],
            "includeIsRegex": False,
            "excludeIsRegex": False,
        },
    }


def communities_summed():
    """Every community, by name, for a layer that collapses them by sum: no "Other" bucket, which
    would average the rest together."""
    return terms("community_id", "Community", None, SUMMED_COMMUNITIES)


def weakest_communities(order_by):
    """The SHOWN_COMMUNITIES communities with the lowest value of a column, one series each."""
    return terms("community_id", "Community", order_by, SHOWN_COMMUNITIES, direction="asc")


def filters(label, pairs):
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "filters",
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "filters": [{"input": {"query": q, "language": "kuery"}, "label": l} for l, q in pairs]
        },
    }


# ---- Lens objects -----------------------------------------------------------------------------
def lens(id_, title, description, data_view, vis_type, columns, visualization, query=""):
    """columns: ordered dict name -> column (buckets first). One layer, one data view. query: KQL
    applied to the whole visualisation (e.g. to keep zero rows out of a top list)."""
    layer = "layer-" + id_.removeprefix("pulse-lens-")
    cols = {}
    for name, col in columns.items():
        cols[name] = col
    # Lens reads bucket columns before metric columns.
    order = [n for n, c in cols.items() if c["isBucketed"]] + [
        n for n, c in cols.items() if not c["isBucketed"]
    ]
    vis = json.loads(compact(visualization).replace("$LAYER", layer))
    so(
        "lens",
        id_,
        {
            "title": title,
            "description": description,
            "visualizationType": vis_type,
            "state": {
                "visualization": vis,
                "query": {"query": query, "language": "kuery"},
                "filters": [],
                "datasourceStates": {
                    "formBased": {
                        "layers": {
                            layer: {
                                "columns": cols,
                                "columnOrder": order,
                                "sampling": 1,
                                "ignoreGlobalFilters": False,
                                "incompleteColumns": {},
                            }
                        }
                    }
                },
                "internalReferences": [],
                "adHocDataViews": {},
            },
        },
        [
            {
                "type": "index-pattern",
                "id": data_view,
                "name": "indexpattern-datasource-layer-" + layer,
            }
        ],
    )
    return id_


AXES = {
    "axisTitlesVisibilitySettings": {"x": False, "yLeft": True, "yRight": True},
    "tickLabelsVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
    "gridlinesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
    "labelsOrientation": {"x": 0, "yLeft": 0, "yRight": 0},
}


def xy(
    series,
    x,
    accessors,
    split=None,
    y_title=None,
    right=(),
    y_right_title=None,
    legend=True,
    collapse=None,
):
    """collapse: with a split, "sum" adds the split's series into one (Lens' "collapse by")."""
    layer = {
        "layerId": "$LAYER",
        "layerType": "data",
        "seriesType": series,
        "accessors": list(accessors),
    }
    if x:
        layer["xAccessor"] = x
    if split:
        layer["splitAccessor"] = split
    if collapse:
        layer["collapseFn"] = collapse
    if right:
        layer["yConfig"] = [{"forAccessor": a, "axisMode": "right"} for a in right]
    vis = {
        "legend": {"isVisible": legend, "position": "bottom"},
        "valueLabels": "show" if series.startswith("bar_horizontal") else "hide",
        "fittingFunction": "Linear",
        "preferredSeriesType": series,
        "layers": [layer],
        **AXES,
    }
    if y_title:
        vis["yTitle"] = y_title
    if y_right_title:
        vis["yRightTitle"] = y_right_title
    return vis


def metric_vis(accessor, breakdown=None, subtitle=None, collapse=None, secondary=None):
    vis = {"layerId": "$LAYER", "layerType": "data", "metricAccessor": accessor}
    if secondary:
        vis["secondaryMetricAccessor"] = secondary
    if breakdown:
        vis["breakdownByAccessor"] = breakdown
        vis["maxCols"] = 3
    if collapse:
        vis["collapseFn"] = collapse
    if subtitle:
        vis["subtitle"] = subtitle
    return vis


def table_vis(column_ids, sort_by, direction="desc", summary=None):
    """summary: column id -> summary row function ("sum") shown under the table."""
    columns = []
    for c in column_ids:
        column = {"columnId": c}
        if summary and c in summary:
            column["summaryRow"] = summary[c]
            column["summaryLabel"] = "Total"
        columns.append(column)
    return {
        "layerId": "$LAYER",
        "layerType": "data",
        "columns": columns,
        "sorting": {"columnId": sort_by, "direction": direction},
        "rowHeight": "single",
        "rowHeightLines": 1,
    }


def donut_vis(group, metric_id):
    return {
        "shape": "donut",
        "layers": [
            {
                "layerId": "$LAYER",
                "layerType": "data",
                "primaryGroups": [group],
                "metrics": [metric_id],
                "numberDisplay": "percent",
                "categoryDisplay": "default",
                "legendDisplay": "show",
                "nestedLegend": False,
            }
        ],
    }


LATEST_SUMMED = "all communities added up, on the latest final day"
LATEST_PER_COMMUNITY = "on the latest final day (UTC, shown below)"


def latest_sum_metric(id_, title, description, field, fmt=None):
    """A count on the latest final day, added up over the communities. (A collapsed breakdown
    cannot also show the day: Lens would add the dates up as well.)"""
    return lens(
        id_,
        title,
        description,
        COMMUNITIES,
        "lnsMetric",
        {"community": communities_summed(), "value": last(field, title, fmt)},
        metric_vis("value", breakdown="community", collapse="sum", subtitle=LATEST_SUMMED),
    )


def latest_ratio_metric(id_, title, description, field, fmt=None):
    """A ratio on the latest final day, one tile per community (the first SHOWN_COMMUNITIES by
    name: Elasticsearch cannot order buckets by a last value), with that day below it."""
    return lens(
        id_,
        title,
        description,
        COMMUNITIES,
        "lnsMetric",
        {
            "community": terms("community_id", "Community", None, SHOWN_COMMUNITIES),
            "value": last(field, title, fmt),
            "day": last_day(),
        },
        metric_vis(
            "value", breakdown="community", secondary="day", subtitle=LATEST_PER_COMMUNITY
        ),
    )


def single_metric(id_, title, description, data_view, col, subtitle=None):
    return lens(
        id_, title, description, data_view, "lnsMetric", {"value": col}, metric_vis("value", subtitle=subtitle)
    )


# ---- dashboards -------------------------------------------------------------------------------
def dashboard(id_, title, description, time_from, panels):
    """panels: list of (lens id, x, y, w, h)."""
    panel_json = []
    refs = []
    for lens_id, x, y, w, h in panels:
        index = lens_id.removeprefix("pulse-lens-")
        panel_json.append(
            {
                "type": "lens",
                "gridData": {"x": x, "y": y, "w": w, "h": h, "i": index},
                "panelIndex": index,
                "embeddableConfig": {"enhancements": {}},
                "panelRefName": "panel_" + index,
            }
        )
        refs.append({"name": index + ":panel_" + index, "type": "lens", "id": lens_id})
    so(
        "dashboard",
        id_,
        {
            "title": title,
            "description": description,
            "panelsJSON": compact(panel_json),
            "optionsJSON": compact(
                {
                    "useMargins": True,
                    "syncColors": True,
                    "syncCursor": True,
                    "syncTooltips": True,
                    "hidePanelTitles": False,
                }
            ),
            "timeRestore": True,
            "timeFrom": time_from,
            "timeTo": "now",
            "refreshInterval": {"pause": False, "value": 60000},
            "kibanaSavedObjectMeta": {
                "searchSourceJSON": compact(
                    {"query": {"query": "", "language": "kuery"}, "filter": []}
                )
            },
        },
        refs,
    )


# ====== Community health =======================================================================
h = []
h.append(
    latest_ratio_metric(
        "pulse-lens-health-index-now",
        "Health index",
        "One number for how healthy each community is, 0 to 100, on the latest final day in the "
        "time range (a day is final once its figures can no longer change, usually two days after "
        "it, UTC; the tile shows which day). It blends stickiness, answering, answer speed, "
        "reciprocity and contribution. 60 or more is healthy, 40 to 60 needs watching, under 40 "
        "needs action.",
        "health_index",
        NUMBER0,
    )
)
h.append(
    latest_sum_metric(
        "pulse-lens-active-members-28d-now",
        "Active members (28 days)",
        "Distinct members who did anything (read, posted, reacted) in the 28 days ending on the "
        "latest final day, added up over the communities (the same day as the Health index tile). "
        "Growing or steady is good.",
        "active_members_28d",
        NUMBER0,
    )
)
h.append(
    latest_ratio_metric(
        "pulse-lens-stickiness-now",
        "Stickiness",
        "How often members come back, on the latest final day: average daily active members over "
        "28 days divided by the members active in those 28 days, per community. 20% or more is "
        "good for a community of practice; 50% is exceptional.",
        "stickiness",
        PERCENT,
    )
)
h.append(
    single_metric(
        "pulse-lens-answered-within-24h",
        "Posts answered within 24 h",
        "Of the posts written in the time range, the average daily share answered by someone else "
        "within 24 hours, over the final days only (a newer day's posts may still be answered in "
        "time). 80% or more means nobody is left alone.",
        COMMUNITIES,
        metric("average", "response_rate_24h", "Answered within 24 h", PERCENT, kql=FINAL),
        subtitle="average of the final days in the time range",
    )
)
h.append(
    lens(
        "pulse-lens-health-index-over-time",
        "Health index over time",
        "The daily health index (0 to 100), one line per community: the "
        + str(SHOWN_COMMUNITIES)
        + " weakest communities of the time range, so the ones that need help are never hidden. "
        "Look at the trend rather than single days: a fall that lasts a week is worth a look at "
        "the panels below to see which part is slipping.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": weakest_communities("health"),
            "health": metric("average", "health_index", "Health index", NUMBER0),
        },
        xy("line", "day", ["health"], split="community", y_title="Health index (0-100)"),
    )
)
h.append(
    lens(
        "pulse-lens-active-members-over-time",
        "Active members over time",
        "Members active on the day, in the last 7 days and in the last 28 days, added up over the "
        "communities. The 28-day line is the size of your living community; the daily line shows "
        "the rhythm of the week.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": communities_summed(),
            "m1": metric("average", "active_members_1d", "Active that day", NUMBER0),
            "m7": metric("average", "active_members_7d", "Active in 7 days", NUMBER0),
            "m28": metric("average", "active_members_28d", "Active in 28 days", NUMBER0),
        },
        xy(
            "line",
            "day",
            ["m1", "m7", "m28"],
            split="community",
            collapse="sum",
            y_title="Members",
        ),
    )
)
h.append(
    lens(
        "pulse-lens-stickiness-over-time",
        "Stickiness over time",
        "How often members come back, day by day, one line per community (the "
        + str(SHOWN_COMMUNITIES)
        + " least sticky of the time range). Rising stickiness means the same people return more "
        "often; 20% or more is good.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": weakest_communities("stickiness"),
            "stickiness": metric("average", "stickiness", "Stickiness", PERCENT),
        },
        xy("line", "day", ["stickiness"], split="community", y_title="Stickiness"),
    )
)
h.append(
    lens(
        "pulse-lens-participation-pyramid",
        "Participation pyramid",
        "Members at each level on the latest final day (28-day window), added up over the "
        "communities: creators post and get answers accepted, contributors reply, react or share, "
        "lurkers only read. A healthy community has a few creators, more contributors and many "
        "lurkers.",
        COMMUNITIES,
        "lnsXY",
        {
            "community": communities_summed(),
            "creators": last("creators", "Creators", NUMBER0),
            "contributors": last("contributors", "Contributors", NUMBER0),
            "lurkers": last("lurkers", "Lurkers", NUMBER0),
        },
        xy(
            "bar_horizontal",
            None,
            ["creators", "contributors", "lurkers"],
            split="community",
            collapse="sum",
            y_title="Members",
        ),
    )
)
h.append(
    lens(
        "pulse-lens-participation-over-time",
        "Participation levels over time",
        "Creators, contributors and lurkers day by day, added up over the communities. "
        "Contributors and creators growing while lurkers hold steady means readers are starting "
        "to take part.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": communities_summed(),
            "creators": metric("average", "creators", "Creators", NUMBER0),
            "contributors": metric("average", "contributors", "Contributors", NUMBER0),
            "lurkers": metric("average", "lurkers", "Lurkers", NUMBER0),
        },
        xy(
            "area_stacked",
            "day",
            ["creators", "contributors", "lurkers"],
            split="community",
            collapse="sum",
            y_title="Members",
        ),
    )
)
h.append(
    lens(
        "pulse-lens-responsiveness-over-time",
        "Responsiveness over time",
        "Answered within 24 h: the share of each day's posts that someone else answered within a "
        "day (aim for 80%+). Reciprocity: the share of 'A replied to B' pairs where B also replied "
        "to A over 28 days (30%+ is a conversation, not a help desk). With several communities, "
        "each line is the average of their daily shares.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "answered": metric("average", "response_rate_24h", "Answered within 24 h", PERCENT),
            "reciprocity": metric("average", "reciprocity_28d", "Reciprocity (28 days)", PERCENT),
        },
        xy("line", "day", ["answered", "reciprocity"], y_title="Share"),
    )
)
h.append(
    lens(
        "pulse-lens-time-to-first-reply",
        "Time to first reply (minutes)",
        "For the posts of each day that got an answer, the median minutes until the first reply "
        "from someone else. Under 60 minutes is excellent, under a day (1440) is fine. Days "
        "without answered posts show no bar; with several communities, a bar is the average of "
        "their medians.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "minutes": metric(
                "average", "median_first_response_minutes", "Median minutes to first reply", NUMBER0
            ),
        },
        xy("bar", "day", ["minutes"], y_title="Minutes", legend=False),
    )
)
h.append(
    lens(
        "pulse-lens-daily-contributions",
        "Posts, replies and shares per day",
        "What members created each day, in all communities. Replies outnumbering posts is the "
        "sign of a community that answers itself.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "posts": metric("sum", "posts", "Posts", NUMBER0),
            "replies": metric("sum", "replies", "Replies", NUMBER0),
            "shares": metric("sum", "shares", "Shares", NUMBER0),
        },
        xy("bar_stacked", "day", ["posts", "replies", "shares"], y_title="Events"),
    )
)
dashboard(
    "pulse-dashboard-community-health",
    "Community health",
    "Is the community healthy, and which part of it needs attention: the health index, who is "
    "active, how often they come back, who takes part and how fast questions get answered.",
    "now-90d",
    [
        (h[0], 0, 0, 12, 8),
        (h[1], 12, 0, 12, 8),
        (h[2], 24, 0, 12, 8),
        (h[3], 36, 0, 12, 8),
        (h[4], 0, 8, 24, 13),
        (h[5], 24, 8, 24, 13),
        (h[6], 0, 21, 16, 13),
        (h[7], 16, 21, 16, 13),
        (h[8], 32, 21, 16, 13),
        (h[9], 0, 34, 24, 13),
        (h[10], 24, 34, 24, 13),
        (h[11], 0, 47, 48, 12),
    ],
)

# ====== Advocates and ROI ======================================================================
a = []
a.append(
    single_metric(
        "pulse-lens-community-sourced-value",
        "Community-sourced value",
        "The value of the conversions made during visits that came through members' share links, "
        "in the time range: what the community brought to the business.",
        COMMUNITIES,
        metric("sum", "referral_conversion_value", "Community-sourced value", NUMBER2),
    )
)
a.append(
    single_metric(
        "pulse-lens-referral-visits-total",
        "Referred visits",
        "Visits that came through a member's share link (a member's visit through their own link "
        "does not count), in the time range.",
        COMMUNITIES,
        metric("sum", "referral_visits", "Referred visits", NUMBER0),
    )
)
a.append(
    single_metric(
        "pulse-lens-referral-conversions-total",
        "Referred conversions",
        "Conversions made during referred visits, in the time range.",
        COMMUNITIES,
        metric("sum", "referral_conversions", "Referred conversions", NUMBER0),
    )
)
a.append(
    single_metric(
        "pulse-lens-referral-signups-28d",
        "Referred sign-ups (28 days)",
        "Sign-ups made during visits through members' links, over the 28 days ending on each "
        "member's latest day. Keep the time range on recent days for a current figure.",
        MEMBERS,
        metric("sum", "d28.referral_signups", "Referred sign-ups (28 days)", NUMBER0),
    )
)
a.append(
    single_metric(
        "pulse-lens-advocates-now",
        "Advocates",
        "Members whose advocacy score (28 days) is 10 or more: for example two shares, five "
        "referred visits or one referred sign-up.",
        MEMBERS,
        count("Advocates", "advocate : true"),
    )
)
a.append(
    single_metric(
        "pulse-lens-shares-total",
        "Shares",
        "Times members shared community content to other networks, in the time range.",
        COMMUNITIES,
        metric("sum", "shares", "Shares", NUMBER0),
    )
)
a.append(
    lens(
        "pulse-lens-referrals-over-time",
        "Referred visits and conversions per day",
        "Visits that came through members' share links (left axis) and the conversions made in "
        "them (right axis), by the day the visit started.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "visits": metric("sum", "referral_visits", "Referred visits", NUMBER0),
            "conversions": metric("sum", "referral_conversions", "Referred conversions", NUMBER0),
        },
        xy(
            "line",
            "day",
            ["visits", "conversions"],
            y_title="Visits",
            right=["conversions"],
            y_right_title="Conversions",
        ),
    )
)
a.append(
    lens(
        "pulse-lens-community-sourced-value-over-time",
        "Community-sourced value per day",
        "The value of conversions in referred visits, day by day: the ROI figure of the "
        "community programme.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "value": metric("sum", "referral_conversion_value", "Community-sourced value", NUMBER2),
        },
        xy("bar", "day", ["value"], y_title="Value", legend=False),
    )
)
a.append(
    lens(
        "pulse-lens-top-advocates",
        "Top advocates",
        "Members with the highest advocacy score over the last 28 days, and their community, "
        "with what earned it: shares, mentions, visits, sign-ups and conversions through their "
        "links, and the value of those conversions. Only members with a score above 0 are "
        "listed. Thank them, feature them, invite them to an ambassador programme.",
        MEMBERS,
        "lnsDatatable",
        {
            "member": terms("member_id", "Member", "score", 20),
            "community": terms("community_id", "Community", None, 5),
            "score": metric("sum", "advocacy_score", "Advocacy score", NUMBER1),
            "shares": metric("sum", "d28.shares", "Shares", NUMBER0),
            "mentions": metric("sum", "d28.mentions_received", "Mentions received", NUMBER0),
            "visits": metric("sum", "d28.referral_visits", "Referred visits", NUMBER0),
            "signups": metric("sum", "d28.referral_signups", "Referred sign-ups", NUMBER0),
            "conversions": metric("sum", "d28.referral_conversions", "Referred conversions", NUMBER0),
            "value": metric("sum", "d28.referral_conversion_value", "Value brought", NUMBER2),
        },
        table_vis(
            [
                "member",
                "community",
                "score",
                "shares",
                "mentions",
                "visits",
                "signups",
                "conversions",
                "value",
            ],
            "score",
        ),
        query="advocacy_score > 0",
    )
)
a.append(
    lens(
        "pulse-lens-referred-landing-pages",
        "Where referred visits land",
        "The first page of visits that came through a member's share link: the content that "
        "works best outside the community. Only pages with referred visits are listed. (This "
        "counts every visit carrying a member's link, including the rare visit by the sharer "
        "themself.)",
        SESSIONS,
        "lnsXY",
        {
            "page": terms("entry_url", "Entry page", "visits", 10),
            "visits": count("Referred visits"),
        },
        xy("bar_horizontal", "page", ["visits"], y_title="Visits", legend=False),
        # On the whole visualisation, not the column: pages without a referred visit are then
        # not candidates at all, instead of padding the top 10 with zero bars.
        query="referred_by : *",
    )
)
a.append(
    lens(
        "pulse-lens-advocate-signups-conversions",
        "Sign-ups and conversions by advocate",
        "For the members whose links brought the most sign-ups in the last 28 days: the sign-ups "
        "and conversions made during the visits they referred. Only members with a referred "
        "sign-up are listed; a member id used in several communities is added up over them.",
        MEMBERS,
        "lnsXY",
        {
            "member": terms("member_id", "Member", "signups", 10),
            "signups": metric("sum", "d28.referral_signups", "Referred sign-ups", NUMBER0),
            "conversions": metric("sum", "d28.referral_conversions", "Referred conversions", NUMBER0),
        },
        xy("bar_horizontal", "member", ["signups", "conversions"], y_title="Count (28 days)"),
        query="d28.referral_signups > 0",
    )
)
dashboard(
    "pulse-dashboard-advocates-roi",
    "Advocates and ROI",
    "What the community brings to the business: the members who spread it, the visits, "
    "sign-ups and conversions their share links bring, and the value of those conversions.",
    "now-90d",
    [
        (a[0], 0, 0, 8, 7),
        (a[1], 8, 0, 8, 7),
        (a[2], 16, 0, 8, 7),
        (a[3], 24, 0, 8, 7),
        (a[4], 32, 0, 8, 7),
        (a[5], 40, 0, 8, 7),
        (a[6], 0, 7, 24, 13),
        (a[7], 24, 7, 24, 13),
        (a[8], 0, 20, 48, 15),
        (a[9], 0, 35, 24, 14),
        (a[10], 24, 35, 24, 14),
    ],
)

# Member documents hold the 28 days ending on the as-of day, today for a member still around.
AS_OF_TODAY = "members as of today, 28 days"

# ====== Member engagement ======================================================================
m = []
m.append(
    single_metric(
        "pulse-lens-members-active-28d",
        "Members active (28 days)",
        "Members with at least one own event in the last 28 days (everyone not dormant).",
        MEMBERS,
        count("Active members", 'not level : "dormant"'),
        subtitle=AS_OF_TODAY,
    )
)
m.append(
    single_metric(
        "pulse-lens-creators-now",
        "Creators",
        "Members who posted or had an answer accepted, with 3 or more posts and replies, in the "
        "last 28 days.",
        MEMBERS,
        count("Creators", 'level : "creator"'),
        subtitle=AS_OF_TODAY,
    )
)
m.append(
    single_metric(
        "pulse-lens-contributors-now",
        "Contributors",
        "Members who posted, replied, reacted or shared at least once in the last 28 days, "
        "without reaching creator.",
        MEMBERS,
        count("Contributors", 'level : "contributor"'),
        subtitle=AS_OF_TODAY,
    )
)
m.append(
    single_metric(
        "pulse-lens-average-engagement-score",
        "Average engagement score",
        "The average engagement score (28 days) of active members. Creating and being useful "
        "weigh far more than reading: 10 posts beat 500 page views.",
        MEMBERS,
        {
            **metric("average", "engagement_score", "Average engagement score", NUMBER1),
            "filter": {"query": 'not level : "dormant"', "language": "kuery"},
        },
        subtitle=AS_OF_TODAY,
    )
)
m.append(
    lens(
        "pulse-lens-members-by-level",
        "Members by level",
        "Today's split of members into creators, contributors, lurkers (active, only reading) "
        "and dormant (nothing for 28 days).",
        MEMBERS,
        "lnsPie",
        {
            "level": terms("level", "Level", "members", 4),
            "members": count("Members"),
        },
        donut_vis("level", "members"),
    )
)
m.append(
    lens(
        "pulse-lens-cohorts-by-level",
        "Where each week's newcomers are now",
        "Members grouped by the week of their first visit, split by their level today. The "
        "documents keep each member's current level only, so this is the honest view of "
        "movement: how many of each week's newcomers became contributors or creators, and how "
        "many went dormant.",
        MEMBERS,
        "lnsXY",
        {
            "week": date_hist("first_seen", "Week of first visit", "1w"),
            "level": terms("level", "Level today", "members", 4),
            "members": count("Members"),
        },
        xy("bar_stacked", "week", ["members"], split="level", y_title="Members"),
    )
)
m.append(
    lens(
        "pulse-lens-top-helpers",
        "Top helpers",
        "Members who replied to the most distinct other members in the last 28 days, and their "
        "community, with their accepted answers and replies: the people who carry the community. "
        "Only members who helped someone are listed. Thank them before they burn out.",
        MEMBERS,
        "lnsDatatable",
        {
            "member": terms("member_id", "Member", "helped", 20),
            "community": terms("community_id", "Community", None, 5),
            "helped": metric("sum", "d28.members_helped", "Members helped", NUMBER0),
            "accepted": metric("sum", "d28.answers_accepted", "Answers accepted", NUMBER0),
            "replies": metric("sum", "d28.replies", "Replies", NUMBER0),
            "reactions": metric("sum", "d28.reactions_received", "Reactions received", NUMBER0),
        },
        table_vis(["member", "community", "helped", "accepted", "replies", "reactions"], "helped"),
        query="d28.members_helped > 0",
    )
)
m.append(
    lens(
        "pulse-lens-most-engaged-members",
        "Most engaged members",
        "Members with the highest engagement score over the last 28 days, their community and "
        "level, and what they did: days active, posts and replies.",
        MEMBERS,
        "lnsDatatable",
        {
            "member": terms("member_id", "Member", "score", 20),
            "community": terms("community_id", "Community", None, 5),
            "level": terms("level", "Level", "score", 1),
            "score": metric("sum", "engagement_score", "Engagement score", NUMBER1),
            "days": metric("sum", "d28.active_days", "Days active", NUMBER0),
            "posts": metric("sum", "d28.posts", "Posts", NUMBER0),
            "replies": metric("sum", "d28.replies", "Replies", NUMBER0),
        },
        table_vis(["member", "community", "level", "score", "days", "posts", "replies"], "score"),
        query="engagement_score > 0",
    )
)
m.append(
    lens(
        "pulse-lens-level-mix-over-time",
        "Level mix over time and newcomers",
        "Creators, contributors and lurkers day by day, with the new members of each day, added "
        "up over the communities. These are net counts per level: when contributors grow faster "
        "than new members arrive, lurkers are moving up (the Growth dashboard shows who moved).",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": communities_summed(),
            "creators": metric("average", "creators", "Creators", NUMBER0),
            "contributors": metric("average", "contributors", "Contributors", NUMBER0),
            "lurkers": metric("average", "lurkers", "Lurkers", NUMBER0),
            "new": metric("sum", "new_members_1d", "New members", NUMBER0),
        },
        xy(
            "line",
            "day",
            ["creators", "contributors", "lurkers", "new"],
            split="community",
            collapse="sum",
            y_title="Members",
            right=["new"],
            y_right_title="New members",
        ),
    )
)
dashboard(
    "pulse-dashboard-member-engagement",
    "Member engagement",
    "Who takes part and how much: members by level, where newcomers end up, the top helpers and "
    "the most engaged members.",
    "now-90d",
    [
        (m[0], 0, 0, 12, 7),
        (m[1], 12, 0, 12, 7),
        (m[2], 24, 0, 12, 7),
        (m[3], 36, 0, 12, 7),
        (m[4], 0, 7, 16, 14),
        (m[5], 16, 7, 32, 14),
        (m[6], 0, 21, 24, 15),
        (m[7], 24, 21, 24, 15),
        (m[8], 0, 36, 48, 13),
    ],
)

# ====== Growth =================================================================================
# Levels are ordered dormant < lurker < contributor < creator; "moved up" compares a member's level
# on a day with their level 28 days earlier (docs/indicators.md).
g = []
g.append(
    latest_sum_metric(
        "pulse-lens-promoted-now",
        "Moved up a level (28 days)",
        "Members whose level on the latest final day is above their level 28 days earlier (a "
        "lurker who started replying, a contributor who became a creator), added up over the "
        "communities. More is better: people are growing.",
        "promoted_28d",
        NUMBER0,
    )
)
g.append(
    latest_sum_metric(
        "pulse-lens-demoted-now",
        "Moved down a level (28 days)",
        "Members whose level on the latest final day is below their level 28 days earlier, added "
        "up over the communities. Some movement down is normal (holidays, a finished project); "
        "more down than up for weeks means people are drifting away.",
        "demoted_28d",
        NUMBER0,
    )
)
g.append(
    latest_ratio_metric(
        "pulse-lens-newcomer-retention-now",
        "Newcomer retention",
        "Of the members who first showed up 28 to 55 days before the latest final day, the share "
        "still active in the last 28 days, per community. As a rule of thumb, 40% or more is good; "
        "under 20% means newcomers come once and leave.",
        "newcomer_retention_28d",
        PERCENT,
    )
)
g.append(
    latest_ratio_metric(
        "pulse-lens-pay-it-forward-now",
        "Pay it forward",
        "Of the members who were helped (got a reply from another member) 28 to 55 days before "
        "the latest final day, the share who have since replied to someone else themselves, per "
        "community. The best sign that help turns into helpers; as a rule of thumb, 20% or more "
        "is good.",
        "pay_it_forward_28d",
        PERCENT,
    )
)
g.append(
    lens(
        "pulse-lens-promotions-demotions-over-time",
        "Moving up and down over time",
        "Each day, the members above (moved up) and below (moved down) their level of 28 days "
        "earlier, added up over the communities. The up line above the down line means the "
        "community is growing its people.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": communities_summed(),
            "up": metric("average", "promoted_28d", "Moved up", NUMBER0),
            "down": metric("average", "demoted_28d", "Moved down", NUMBER0),
        },
        xy("line", "day", ["up", "down"], split="community", collapse="sum", y_title="Members"),
    )
)
g.append(
    lens(
        "pulse-lens-newcomer-retention-over-time",
        "Newcomer retention over time",
        "Newcomer retention day by day, one line per community (the "
        + str(SHOWN_COMMUNITIES)
        + " lowest of the time range). A falling line is an early warning: fix onboarding and "
        "first answers before the active-member count shows it.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": weakest_communities("retention"),
            "retention": metric(
                "average", "newcomer_retention_28d", "Newcomer retention", PERCENT
            ),
        },
        xy("line", "day", ["retention"], split="community", y_title="Retained"),
    )
)
g.append(
    lens(
        "pulse-lens-pay-it-forward-over-time",
        "Pay it forward over time",
        "The pay-it-forward share day by day, one line per community (the "
        + str(SHOWN_COMMUNITIES)
        + " lowest of the time range). Rising means the people you help become the people who "
        "help.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": weakest_communities("share"),
            "share": metric("average", "pay_it_forward_28d", "Pay it forward", PERCENT),
        },
        xy("line", "day", ["share"], split="community", y_title="Paid forward"),
    )
)
g.append(
    lens(
        "pulse-lens-level-moves",
        "From level 28 days ago to level now",
        "Members by their level 28 days ago (one bar each) and their level now (the colours), "
        "added up over the communities. Members dormant then and now are left out. The coloured "
        "parts above a bar's own level are the people who moved up.",
        MEMBERS,
        "lnsXY",
        {
            "before": terms("level_28d_ago", "Level 28 days ago", "members", 4),
            "now": terms("level", "Level now", "members", 4),
            "members": count("Members"),
        },
        xy(
            "bar_horizontal_stacked",
            "before",
            ["members"],
            split="now",
            y_title="Members",
        ),
        query='not (level : "dormant" and level_28d_ago : "dormant")',
    )
)
g.append(
    lens(
        "pulse-lens-members-moved-up",
        "Members who moved up",
        "Members whose level is higher than 28 days ago, with their community, both levels and "
        "their engagement score then and now, the biggest scores first. Welcome their new role: "
        "invite a new contributor to answer, a new creator to host.",
        MEMBERS,
        "lnsDatatable",
        {
            "member": terms("member_id", "Member", "score", 20),
            "community": terms("community_id", "Community", None, 5),
            "before": terms("level_28d_ago", "Level 28 days ago", None, 1),
            "now": terms("level", "Level now", None, 1),
            "score": metric("sum", "engagement_score", "Engagement score", NUMBER1),
            "score_before": metric(
                "sum", "engagement_score_28d_ago", "Engagement score 28 days ago", NUMBER1
            ),
        },
        table_vis(["member", "community", "before", "now", "score_before", "score"], "score"),
        query='level_change : "up" and engagement_score > 0',
    )
)
g.append(
    lens(
        "pulse-lens-members-moved-down",
        "Members who moved down",
        "Members whose level is lower than 28 days ago, the most engaged of 28 days ago first. "
        "These were your regulars: a personal message often brings them back.",
        MEMBERS,
        "lnsDatatable",
        {
            "member": terms("member_id", "Member", "score_before", 20),
            "community": terms("community_id", "Community", None, 5),
            "before": terms("level_28d_ago", "Level 28 days ago", None, 1),
            "now": terms("level", "Level now", None, 1),
            "score_before": metric(
                "sum", "engagement_score_28d_ago", "Engagement score 28 days ago", NUMBER1
            ),
            "score": metric("sum", "engagement_score", "Engagement score", NUMBER1),
        },
        table_vis(
            ["member", "community", "before", "now", "score_before", "score"], "score_before"
        ),
        query='level_change : "down" and engagement_score_28d_ago > 0',
    )
)
dashboard(
    "pulse-dashboard-growth",
    "Growth",
    "Are people growing together: who moved up or down a level in 28 days, whether newcomers "
    "stay, whether the helped become helpers, and how the level mix moves.",
    "now-90d",
    [
        (g[0], 0, 0, 12, 8),
        (g[1], 12, 0, 12, 8),
        (g[2], 24, 0, 12, 8),
        (g[3], 36, 0, 12, 8),
        (g[4], 0, 8, 24, 13),
        # The level mix over time, as on the Community health dashboard.
        ("pulse-lens-participation-over-time", 24, 8, 24, 13),
        (g[5], 0, 21, 24, 13),
        (g[6], 24, 21, 24, 13),
        (g[7], 0, 34, 48, 12),
        (g[8], 0, 46, 24, 15),
        (g[9], 24, 46, 24, 15),
    ],
)

# ====== Value ==================================================================================
# Where the community's interest and the business's overlap: health against referred conversions
# (the value quadrant, docs/indicators.md).
v = []
v.append(
    latest_sum_metric(
        "pulse-lens-referral-conversions-28d-now",
        "Referred conversions (28 days)",
        "Conversions made in visits through members' share links in the 28 days ending on the "
        "latest final day, added up over the communities.",
        "referral_conversions_28d",
        NUMBER0,
    )
)
v.append(
    latest_sum_metric(
        "pulse-lens-referral-value-28d-now",
        "Community-sourced value (28 days)",
        "The value of those conversions over the same 28 days, added up over the communities: "
        "what the community brought to the business.",
        "referral_conversion_value_28d",
        NUMBER2,
    )
)
v.append(
    lens(
        "pulse-lens-community-value-table",
        "Communities by health and referred conversions",
        "Each community on the latest final day (its date in the Day column): health index, "
        "referred conversions and their value over 28 days, and its value quadrant: productive "
        "(healthy and converting), engaged only (healthy, not converting yet), marketing only "
        "(converting, not healthy), struggling (neither). The weakest health comes first.",
        COMMUNITIES,
        "lnsDatatable",
        {
            "community": terms("community_id", "Community", None, SUMMED_COMMUNITIES),
            "day": last_day(),
            "health": last("health_index", "Health index", NUMBER0),
            "conversions": last(
                "referral_conversions_28d", "Referred conversions (28 days)", NUMBER0
            ),
            "value": last("referral_conversion_value_28d", "Value (28 days)", NUMBER2),
            "quadrant": last("value_quadrant", "Value quadrant", data_type="string"),
        },
        table_vis(
            ["community", "day", "health", "conversions", "value", "quadrant"],
            "health",
            direction="asc",
            summary={"conversions": "sum", "value": "sum"},
        ),
    )
)
v.append(
    lens(
        "pulse-lens-community-value-bars",
        "Health and referred conversions per community",
        "Each community's health index (left axis) beside its referred conversions over 28 days "
        "(right axis), on the latest final day; the first "
        + str(SHOWN_COMMUNITIES * 2)
        + " communities by name. Tall on both: productive. Healthy without conversions: give its "
        "members something worth sharing.",
        COMMUNITIES,
        "lnsXY",
        {
            "community": terms("community_id", "Community", None, SHOWN_COMMUNITIES * 2),
            "health": last("health_index", "Health index", NUMBER0),
            "conversions": last(
                "referral_conversions_28d", "Referred conversions (28 days)", NUMBER0
            ),
        },
        xy(
            "bar",
            "community",
            ["health", "conversions"],
            y_title="Health index (0-100)",
            right=["conversions"],
            y_right_title="Conversions (28 days)",
        ),
    )
)
v.append(
    lens(
        "pulse-lens-value-quadrant-over-time",
        "Value quadrant over time",
        "How many communities were in each value quadrant, day by day (one community: which "
        "quadrant it was in). Communities moving from engaged only to productive is the goal; "
        "days without a health index have no quadrant.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "quadrant": terms("value_quadrant", "Value quadrant", None, 4),
            "communities": metric("unique_count", "community_id", "Communities", NUMBER0),
        },
        xy("bar_stacked", "day", ["communities"], split="quadrant", y_title="Communities"),
    )
)
v.append(
    lens(
        "pulse-lens-referral-conversions-28d-over-time",
        "Referred conversions and value over 28 days",
        "Referred conversions (left axis) and their value (right axis) over the 28 days ending "
        "each day, added up over the communities: the trend of the community's value to the "
        "business, smoothed over four weeks.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "community": communities_summed(),
            "conversions": metric(
                "average", "referral_conversions_28d", "Referred conversions (28 days)", NUMBER0
            ),
            "value": metric(
                "average", "referral_conversion_value_28d", "Value (28 days)", NUMBER2
            ),
        },
        xy(
            "line",
            "day",
            ["conversions", "value"],
            split="community",
            collapse="sum",
            y_title="Conversions",
            right=["value"],
            y_right_title="Value",
        ),
    )
)
dashboard(
    "pulse-dashboard-value",
    "Value",
    "Where the community's interest and the business's overlap: each community's health against "
    "the conversions its members' links bring, and its value quadrant over time.",
    "now-90d",
    [
        (v[0], 0, 0, 24, 7),
        (v[1], 24, 0, 24, 7),
        (v[2], 0, 7, 48, 15),
        (v[3], 0, 22, 24, 13),
        (v[4], 24, 22, 24, 13),
        (v[5], 0, 35, 48, 13),
    ],
)

# ====== Sessions ===============================================================================
s = []
s.append(
    single_metric(
        "pulse-lens-sessions-total",
        "Visits",
        "Sessions that started in the time range: one person's uninterrupted visit (events less "
        "than 30 minutes apart).",
        SESSIONS,
        count("Visits"),
    )
)
s.append(
    single_metric(
        "pulse-lens-member-sessions",
        "Visits by members",
        "Visits by signed-in members (including the pages they read just before signing in).",
        SESSIONS,
        count("Visits by members", "member_id : *"),
    )
)
s.append(
    single_metric(
        "pulse-lens-visitor-sessions",
        "Visits by visitors",
        "Visits by devices that never signed in.",
        SESSIONS,
        count("Visits by visitors", "not member_id : *"),
    )
)
s.append(
    single_metric(
        "pulse-lens-median-visit-length",
        "Median visit length (seconds)",
        "Half the visits are shorter than this. A single-page visit lasts 0 seconds.",
        SESSIONS,
        metric("median", "duration_s", "Median visit length (seconds)", NUMBER0),
    )
)
s.append(
    single_metric(
        "pulse-lens-pages-per-visit",
        "Pages per visit",
        "The average number of pages viewed per visit: reading depth.",
        SESSIONS,
        metric("average", "page_views", "Pages per visit", NUMBER1),
    )
)
s.append(
    single_metric(
        "pulse-lens-visit-conversions",
        "Conversions in visits",
        "Conversions made during visits in the time range, by members and visitors alike.",
        SESSIONS,
        metric("sum", "conversions", "Conversions", NUMBER0),
    )
)
s.append(
    lens(
        "pulse-lens-visits-over-time",
        "Visits per day: members and visitors",
        "Visits by the day they started, split into signed-in members and visitors. A growing "
        "member share means visitors are joining and coming back signed in.",
        SESSIONS,
        "lnsXY",
        {
            "day": date_hist("start", "Day"),
            "who": filters(
                "Who",
                [("Members", "member_id : *"), ("Visitors", "not member_id : *")],
            ),
            "visits": count("Visits"),
        },
        xy("bar_stacked", "day", ["visits"], split="who", y_title="Visits"),
    )
)
s.append(
    lens(
        "pulse-lens-visitors-to-members",
        "Visitors and new members per day",
        "Visitors (devices that never signed in) seen each day, and members whose first own "
        "event was that day. New members divided by visitors is the visitor-to-member conversion "
        "rate; when the chart groups several days, both are summed over the group.",
        COMMUNITIES,
        "lnsXY",
        {
            "day": date_hist("day", "Day"),
            "visitors": metric("sum", "visitors_1d", "Visitors", NUMBER0),
            "new": metric("sum", "new_members_1d", "New members", NUMBER0),
        },
        xy(
            "line",
            "day",
            ["visitors", "new"],
            y_title="Visitors",
            right=["new"],
            y_right_title="New members",
        ),
    )
)
s.append(
    lens(
        "pulse-lens-visit-length-over-time",
        "Visit length per day (seconds)",
        "The median and average length of the visits that started each day. An average far above "
        "the median means a few long visits; a falling median means more people bounce.",
        SESSIONS,
        "lnsXY",
        {
            "day": date_hist("start", "Day"),
            "median": metric("median", "duration_s", "Median (seconds)", NUMBER0),
            "average": metric("average", "duration_s", "Average (seconds)", NUMBER0),
        },
        xy("line", "day", ["median", "average"], y_title="Seconds"),
    )
)
s.append(
    lens(
        "pulse-lens-top-entry-pages",
        "Top entry pages",
        "The pages visits start on, with how long those visits last, how deep they read and "
        "what they convert. Good entry pages keep people longer.",
        SESSIONS,
        "lnsDatatable",
        {
            "page": terms("entry_url", "Entry page", "visits", 15),
            "visits": count("Visits"),
            "length": metric("median", "duration_s", "Median length (seconds)", NUMBER0),
            "pages": metric("average", "page_views", "Pages per visit", NUMBER1),
            "conversions": metric("sum", "conversions", "Conversions", NUMBER0),
        },
        table_vis(["page", "visits", "length", "pages", "conversions"], "visits"),
    )
)
s.append(
    lens(
        "pulse-lens-top-referrers",
        "Top referrers",
        "Where visits come from (the referrer of the visit's first click that has one): search "
        "engines, other sites, newsletters.",
        SESSIONS,
        "lnsXY",
        {
            "referrer": terms("referrer", "Referrer", "visits", 10),
            "visits": count("Visits"),
        },
        xy("bar_horizontal", "referrer", ["visits"], y_title="Visits", legend=False),
    )
)
s.append(
    lens(
        "pulse-lens-conversions-over-time",
        "Conversions per day",
        "Conversions made during the visits of each day (left axis) and their value "
        "(right axis).",
        SESSIONS,
        "lnsXY",
        {
            "day": date_hist("start", "Day"),
            "conversions": metric("sum", "conversions", "Conversions", NUMBER0),
            "value": metric("sum", "conversion_value", "Conversion value", NUMBER2),
        },
        {
            **xy(
                "bar",
                "day",
                ["conversions", "value"],
                y_title="Conversions",
                right=["value"],
                y_right_title="Value",
            ),
        },
    )
)
dashboard(
    "pulse-dashboard-sessions",
    "Sessions",
    "How people visit: how many visits, by members or visitors, how long, where they start, "
    "where they come from, and how many visitors become members.",
    "now-30d",
    [
        (s[0], 0, 0, 8, 7),
        (s[1], 8, 0, 8, 7),
        (s[2], 16, 0, 8, 7),
        (s[3], 24, 0, 8, 7),
        (s[4], 32, 0, 8, 7),
        (s[5], 40, 0, 8, 7),
        (s[6], 0, 7, 24, 13),
        (s[7], 24, 7, 24, 13),
        (s[8], 0, 20, 24, 13),
        (s[9], 24, 20, 24, 13),
        (s[10], 0, 33, 24, 13),
        (s[11], 24, 33, 24, 13),
    ],
)

# Kibana imports objects in any order and resolves references across the file; data views
# first, then visualisations, then dashboards reads naturally. UTF-8 and "\n" whatever the
# platform's locale, so the file is the same byte for byte on every machine (SavedObjectsSourceTest
# compares it with the committed one).
out = sys.argv[1]
with open(out, "w", encoding="utf-8", newline="\n") as f:
    for o in objects:
        f.write(compact(o) + "\n")
print(len(objects), "objects")
