"""Every official document of Bình Đẳng, in the format of Nghị định 30/2020/NĐ-CP, and the jobs that
make them.

`documents` is the top domain layer: it may import from every domain app below it (lib, core,
orgunits, accounts, indicators, plans, reporting, analytics) and no other app imports it; only
`binhdang/config/urls.py` mounts its URLs.

Modules:

* the building blocks: `ooxml` (low-level WordprocessingML helpers), `writer` (the document model
  and the Word writer), `pdf` (the LibreOffice conversion), `formatting` (Vietnamese numbers,
  counts and dates);
* one module per document: `provincial_report` (the UBND tỉnh's BÁO CÁO), `annex` (its Excel
  annex), `reminder_letter` (the Sở Nội vụ's công văn đôn đốc);
* the orchestration: `jobs` (consolidate, render, save on a `core.Job`), `tasks` (Celery), `views`
  and `urls`, `management/commands/render_report`, and `templatetags/documents` (the dashboard's
  render buttons, so that analytics' Python code never imports documents).

Rules:

1. Renderer modules never query. Every module except the orchestration ones (`jobs`, `tasks`,
   `views`, `urls`, `management`, `templatetags`) imports no `django.db`, no `*.models`, no
   `*.services` and not `binhdang.analytics.engine`. They take typed inputs:
   `binhdang.analytics.report.ConsolidatedReport` (plain dataclasses) or the small dataclasses the
   document module defines (`ReminderInput`), and they may import `binhdang.lib.*`, the `*.choices`
   modules (for labels), `binhdang.reporting.xlsx.common.safe_text` and `binhdang.plans.classify`
   (pure keyword matching).
2. Keyed by codes, labelled at render time: inputs carry codes (kinds of unit, states, statuses);
   a renderer adds the labels from the choices or its own Vietnamese tables.
3. Document text is Vietnamese by law: Vietnamese literals, not gettext; messages to the user
   (errors, progress) go through gettext.
4. No imports inside functions, except an optional dependency, commented on the line.
"""
