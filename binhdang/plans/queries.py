"""Reads for plan pages: the unit workspace and the coordinator's matrix. No writes here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from binhdang.core.scoping import Action
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import PartRole, TaskStatus
from binhdang.plans.models import Assignment, Plan, Task, TaskProgress


@dataclass
class Cell:
    task_id: int
    role: str
    status: str
    progress_id: int | None = None

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)


@dataclass
class MatrixRow:
    unit: OrgUnit
    cells: list[Cell | None]

    def count(self, status: str) -> int:
        return sum(1 for cell in self.cells if cell and cell.status == status)


@dataclass
class Matrix:
    """Units × tasks of one plan, with each assigned cell's status."""

    plan: Plan
    tasks: list[Task]
    rows: list[MatrixRow] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        result = {status: 0 for status in TaskStatus.values}
        for row in self.rows:
            for cell in row.cells:
                if cell:
                    result[cell.status] += 1
        return result


def progress_matrix(
    plan: Plan,
    user: Any,
    *,
    section_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> Matrix:
    tasks = list(
        plan.tasks.filter(part=PartRole.ORGANISATION).select_related("section", "addressee").order_by("order")
    )
    if section_id:
        tasks = [task for task in tasks if task.section_id == section_id]
    task_index = {task.pk: i for i, task in enumerate(tasks)}
    units = OrgUnit.objects.restrict(user, Action.VIEW)
    if kind:
        units = units.filter(kind=kind)
    assigned: dict[int, dict[int, str]] = {}  # unit id -> task id -> role
    assignments = Assignment.objects.filter(task_id__in=task_index).select_related("group")
    group_members: dict[int, list[int]] = {}
    for assignment in assignments:
        if assignment.unit_id:
            assigned.setdefault(assignment.unit_id, {})[assignment.task_id] = assignment.role
        else:
            if assignment.group_id not in group_members:
                group_members[assignment.group_id] = list(
                    assignment.group.members().values_list("id", flat=True)
                )
            for unit_id in group_members[assignment.group_id]:
                assigned.setdefault(unit_id, {}).setdefault(assignment.task_id, assignment.role)
    unit_map = {unit.pk: unit for unit in units.filter(pk__in=assigned).alphabetical()}
    progress = {
        (p.unit_id, p.task_id): p
        for p in TaskProgress.objects.filter(task_id__in=task_index, unit_id__in=unit_map).only(
            "id", "unit_id", "task_id", "status"
        )
    }
    matrix = Matrix(plan=plan, tasks=tasks)
    for unit in sorted(
        unit_map.values(), key=lambda u: (u.kind in ("commune", "ward", "special_zone"), u.sort_key)
    ):
        cells: list[Cell | None] = [None] * len(tasks)
        for task_id, role in assigned[unit.pk].items():
            found = progress.get((unit.pk, task_id))
            cells[task_index[task_id]] = Cell(
                task_id=task_id,
                role=role,
                status=found.status if found else TaskStatus.NOT_STARTED,
                progress_id=found.pk if found else None,
            )
        if status and not any(cell and cell.status == status for cell in cells):
            continue
        matrix.rows.append(MatrixRow(unit, cells))
    # Keep only the tasks that some shown unit has: filtering by kind must not leave empty columns.
    used = [i for i in range(len(tasks)) if any(row.cells[i] for row in matrix.rows)]
    matrix.tasks = [tasks[i] for i in used]
    for row in matrix.rows:
        row.cells = [row.cells[i] for i in used]
    return matrix


@dataclass
class WorkspaceItem:
    task: Task
    role: str
    due_date: Any
    progress: TaskProgress | None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else TaskStatus.NOT_STARTED


def unit_workspace(unit: OrgUnit) -> list[WorkspaceItem]:
    """The published tasks that reach a unit, with the unit's own progress only."""
    assignments = (
        Assignment.objects.for_unit(unit)
        .filter(task__plan__status="published")
        .select_related("task__plan", "task__section", "task__addressee")
        .order_by("task__plan", "task__order")
    )
    progress = {p.task_id: p for p in TaskProgress.objects.filter(unit=unit).prefetch_related("evidence")}
    items: dict[int, WorkspaceItem] = {}
    for assignment in assignments:
        if assignment.task_id not in items:
            items[assignment.task_id] = WorkspaceItem(
                assignment.task, assignment.role, assignment.due_date, progress.get(assignment.task_id)
            )
    return list(items.values())
