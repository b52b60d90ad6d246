"""The one way screens run journal work off the event loop, and hear back.

A screen hands `in_thread` a function to run in a worker thread and,
optionally, what to do with its result on the event loop (``then``) and what
to do if it raises (``failed``). The work itself simply raises: the app's one
`on_worker_state_changed` handler (`ReflectApp`) calls `deliver`, which turns a
failure into a plain sentence on screen (or hands it to ``failed``) and a
result into ``then(result)``. No worker carries its own try/except or
``call_from_thread``.

A result for a screen that has since closed is dropped (its ``then`` would
draw on widgets that are gone); a failure is still told, since it may mean a
write did not happen.

`app_of` and `journal_of` give screens the app and its journal with their real
types, so no screen needs ``type: ignore`` to reach them.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from reflect.core.journal import Journal
    from reflect.tui.app import ReflectApp

T = TypeVar("T")


# The app each node was last found in (see `app_of`); a node's entry goes with it.
_APPS: weakref.WeakKeyDictionary[MessagePump, App[Any]] = weakref.WeakKeyDictionary()


def app_of(node: MessagePump) -> ReflectApp:
    """The Reflect app ``node`` belongs to, typed as such.

    Found through the node's parents where it is mounted: ``node.app`` is the
    app of the running context, which is another app when two run in one
    process (the tests of two windows on one entry).
    """
    found: MessagePump | None = node
    while found is not None and not isinstance(found, App):
        found = getattr(found, "_parent", None)
    if found is not None:
        _APPS[node] = found
        return cast("ReflectApp", found)
    # Unmounted: the app it was last found in. After the app has ended (a
    # crash, a closed terminal) its screens are gone, and the save made from
    # their save states (`SavingApp._save_after_closing`) still needs their
    # journal; ``node.app`` would raise, there being no running app (review 28).
    return cast("ReflectApp", _APPS.get(node) or node.app)


def journal_of(node: MessagePump) -> Journal:
    """The open journal of the app ``node`` belongs to."""
    return app_of(node).journal


@dataclass(frozen=True)
class Reply:
    """Where a worker's outcome goes: the node that asked, and its callbacks."""

    node: MessagePump
    then: Callable[[Any], object] | None
    failed: Callable[[BaseException], object] | None
    what: str


def in_thread(
    node: MessagePump,
    work: Callable[[], T],
    then: Callable[[T], object] | None = None,
    *,
    failed: Callable[[BaseException], object] | None = None,
    what: str = "That",
    group: str = "journal",
    exclusive: bool = False,
) -> Worker[T]:
    """Run ``work`` in a thread; ``then(result)`` on the loop, or ``failed(error)``.

    ``then`` may be a coroutine function, for drawing that is awaited.

    Without ``failed`` a failure is told as "<what> did not happen: <reason>".
    ``exclusive`` cancels the node's earlier workers of the same ``group``, so
    a stale result (an earlier keystroke's search) never lands.
    """
    app = app_of(node)
    # Workers run on the app so its one handler hears every outcome; the group
    # is the node's own, so "exclusive" only cancels this node's earlier work.
    worker: Worker[T] = app.run_worker(
        work,
        name=what,
        group=f"{group}:{id(node)}",
        description=what,
        exclusive=exclusive,
        thread=True,
        exit_on_error=False,
    )
    app.worker_replies[worker] = Reply(node, then, failed, what)
    return worker


def _alive(node: MessagePump) -> bool:
    return isinstance(node, App) or bool(getattr(node, "is_attached", False))


def deliver(app: ReflectApp, event: Worker.StateChanged) -> None:
    """Hand a finished worker's result or failure to whoever asked (see `in_thread`)."""
    worker = event.worker
    if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
        return
    reply = app.worker_replies.pop(worker, None)
    if event.state == WorkerState.SUCCESS:
        if reply is None or reply.then is None or not _alive(reply.node):
            return
        if inspect.iscoroutinefunction(reply.then) and isinstance(reply.node, DOMNode):
            # Drawing that must be awaited (a Markdown update, mounting a form) runs
            # as its own task, tied to the node, so the node's queue keeps handling
            # the events that drawing causes (a filled form's change events) meanwhile.
            reply.node.run_worker(
                _drawn(app, reply, worker.result), group="drawing", exit_on_error=False
            )
        else:
            reply.then(worker.result)
        return
    if event.state == WorkerState.CANCELLED:
        return
    error = worker.error
    assert error is not None
    _tell_failure(app, reply, error, worker.description)


def _tell_failure(
    app: ReflectApp, reply: Reply | None, error: BaseException, description: str = ""
) -> None:
    from reflect.core.files import plain_message

    if reply is not None and reply.failed is not None and _alive(reply.node):
        reply.failed(error)
        return
    what = reply.what if reply is not None else (description or "That")
    app.notify(
        f"{what} did not happen: {plain_message(error)}",
        title="Not done",
        severity="error",
    )


async def _drawn(app: ReflectApp, reply: Reply, result: Any) -> None:
    """Await ``reply.then(result)``; a failure is told like the work's own.

    The drawing task is the node's worker, and a worker's state change does
    not reach the app's handler: without this its failure would go untold.
    """
    assert reply.then is not None
    try:
        await cast("Any", reply.then(result))
    except Exception as error:  # told in plain words, as every failure is
        _tell_failure(app, reply, error)
