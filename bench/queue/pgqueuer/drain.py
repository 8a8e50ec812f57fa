"""PgQueuer's drain of no-op jobs that all fall due at one instant.

The comparison in the queue benchmark (BENCHMARKS.md, "Queue"): bench/queue/run.sh
runs this with the project's .venv/ python against the same server, right after
bench-queue, and reports the rate as a fraction of the same pgbench ceiling.

Usage: drain.py --url URL [--jobs N] [--batch-size B] [--managers M] [--processes P]
                [--lead SECONDS] [--label TEXT]

The schema must already be installed (`pgq install`, then `pgq autovac`: run.sh
does both). N jobs are enqueued through PgQueuer's own batch enqueue, 1,000 a
call, all due at one instant --lead seconds ahead; P worker processes (uvloop,
as `pgq run` uses) each start M queue managers on a connection of their own,
listening on PgQueuer's channel, and sleep until that instant, as a worker waiting
for reminders on the hour would. Rates and lateness come from PgQueuer's own
rows: a job's `updated` is set when it is picked, its `pgqueuer_log` row
('successful') when its completion is written.
"""

import argparse
import asyncio
import multiprocessing
import os
import resource
import sys
import time
from datetime import datetime, timedelta, timezone

import asyncpg
import pgqueuer
import uvloop
from pgqueuer import AsyncpgDriver, Job, Queries, QueueManager
from pgqueuer.errors import FailingListenerError

ENQUEUE_BATCH = 1_000


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="PgQueuer drain benchmark")
    parser.add_argument("--url", required=True)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--managers", type=int, default=2)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--lead", type=float, help="seconds to the instant; enough to enqueue N by default")
    parser.add_argument("--label", default="")
    return parser.parse_args()


async def prepare(url: str, jobs: int, lead: float) -> tuple[datetime, float]:
    """Enqueues the jobs due at one instant; returns that instant and the enqueue time."""
    connection = await asyncpg.connect(url)
    try:
        # This run's jobs only: future backlog rows (entrypoint 'reminder') stay.
        await connection.execute("DELETE FROM pgqueuer WHERE entrypoint = 'noop'")
        await connection.execute("TRUNCATE pgqueuer_log, pgqueuer_statistics")
        instant = await connection.fetchval(
            "SELECT date_trunc('second', now()) + make_interval(secs => $1)", lead
        )
        queries = Queries(AsyncpgDriver(connection))
        started = time.perf_counter()
        for first in range(0, jobs, ENQUEUE_BATCH):
            count = min(ENQUEUE_BATCH, jobs - first)
            # PgQueuer takes a delay, added to the statement's now(): same host, same clock.
            delay = instant - datetime.now(timezone.utc)
            await queries.enqueue(
                ["noop"] * count,
                [b'{"n":%d}' % (first + i) for i in range(count)],
                [0] * count,
                [delay] * count,
            )
        enqueue_seconds = time.perf_counter() - started
        await connection.execute("VACUUM (ANALYZE) pgqueuer")
        await connection.execute("CHECKPOINT")
        return instant, enqueue_seconds
    finally:
        await connection.close()


def work(url: str, managers: int, batch_size: int, stop, runs, results) -> None:
    """One worker process: M queue managers until the parent says stop."""
    results.send(uvloop.run(serve(url, managers, batch_size, stop, runs, results)))


def process_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds(pid: str) -> tuple[str, float] | None:
    """A process's parent and its user and system CPU seconds (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            text = file.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # state, ppid, …; utime and stime 12th and 13th
    return fields[1], (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def server_cpu_seconds(url: str) -> float:
    """CPU seconds of the server's postmaster and every process it started."""
    connection = await asyncpg.connect(url)
    try:
        postmaster, _ = cpu_seconds(str(await connection.fetchval("SELECT pg_backend_pid()")))
    finally:
        await connection.close()
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if (stat := cpu_seconds(pid)) and (pid == postmaster or stat[0] == postmaster):
            total += stat[1]
    return total


async def serve(url: str, managers: int, batch_size: int, stop, runs, results) -> tuple[list[tuple[float, float]], float]:
    """Runs the managers; returns (lateness, due) per handler run and the CPU seconds used once ready."""
    picked: list[tuple[float, float]] = []  # (seconds picked after due, due as epoch seconds)
    queue_managers = []
    for _ in range(managers):
        queue_manager = QueueManager(Queries(AsyncpgDriver(await asyncpg.connect(url))))

        @queue_manager.entrypoint("noop")
        async def noop(job: Job) -> None:
            picked.append(((job.updated - job.execute_after).total_seconds(), job.execute_after.timestamp()))
            runs.value += 1  # this process's handler runs, so the parent polls the log only at the end

        queue_managers.append(queue_manager)
    tasks = [
        asyncio.create_task(queue_manager.run(batch_size=batch_size, dequeue_timeout=timedelta(seconds=30)))
        for queue_manager in queue_managers
    ]
    # Ready once every manager hears its own channel (a NOTIFY round trip).
    for queue_manager in queue_managers:
        while True:
            if any(task.done() for task in tasks):
                await asyncio.gather(*tasks)  # raises what stopped it
            try:
                await queue_manager.listener_healthy(timeout=timedelta(seconds=0.2))
                break
            except FailingListenerError:
                continue
    results.send("ready")
    cpu_at_ready = process_cpu_seconds()
    while not stop.is_set() and not any(task.done() for task in tasks):
        await asyncio.sleep(0.1)
    for queue_manager in queue_managers:
        queue_manager.shutdown.set()
    await asyncio.gather(*tasks)
    return picked, process_cpu_seconds() - cpu_at_ready


async def completed(url: str) -> tuple[int, int, float | None]:
    """Successful log rows, distinct jobs among them, and the last one's time."""
    connection = await asyncpg.connect(url)
    try:
        row = await connection.fetchrow(
            "SELECT count(*) AS n, count(DISTINCT job_id) AS jobs, extract(epoch FROM max(created))::float8 AS last"
            " FROM pgqueuer_log WHERE entrypoint = 'noop' AND status = 'successful'"
        )
        return row["n"], row["jobs"], row["last"]
    finally:
        await connection.close()


async def wait_for(url: str, jobs: int, runs: list, timeout: float) -> bool:
    """Until N completions are logged: the handlers' own count first, then the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(count.value for count in runs) >= jobs and (await completed(url))[0] >= jobs:
            return True
        await asyncio.sleep(0.05)
    return False


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont."""
    position = fraction * (len(sorted_values) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def main() -> int:
    arguments = parse_arguments()
    if arguments.lead is None:
        arguments.lead = 3 + arguments.jobs / 15_000  # enqueue ran at 30,000 jobs/s on a busy 2-core host
    instant, enqueue_seconds = asyncio.run(prepare(arguments.url, arguments.jobs, arguments.lead))

    server_before = asyncio.run(server_cpu_seconds(arguments.url))
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    pipes, processes, runs = [], [], []
    for _ in range(arguments.processes):
        receiver, sender = context.Pipe(duplex=False)
        runs.append(context.RawValue("q", 0))
        process = context.Process(
            target=work, args=(arguments.url, arguments.managers, arguments.batch_size, stop, runs[-1], sender)
        )
        process.start()
        sender.close()  # the child's end: a child that dies then reads as EOF here
        pipes.append(receiver)
        processes.append(process)
    for pipe in pipes:
        pipe.recv()  # "ready"

    if datetime.now(timezone.utc) >= instant:
        print(f"drain.py: enqueueing took {enqueue_seconds:.1f} s, past the instant: raise --lead", file=sys.stderr)
        stop.set()
        return 1
    drained = asyncio.run(wait_for(arguments.url, arguments.jobs, runs, 900))
    server_cpu = asyncio.run(server_cpu_seconds(arguments.url)) - server_before
    stop.set()
    reports = [pipe.recv() for pipe in pipes]
    picked = [sample for samples, _ in reports for sample in samples]
    worker_cpu = sum(cpu for _, cpu in reports)
    for process in processes:
        process.join()
    if not drained:
        print(f"drain.py: PgQueuer did not drain {arguments.jobs} jobs in 15 minutes", file=sys.stderr)
        return 1

    succeeded, distinct, last = asyncio.run(completed(arguments.url))
    first_due = min(due for _, due in picked)
    drain_seconds = last - first_due
    lateness = sorted(late for late, _ in picked)
    label = f" ({arguments.label})" if arguments.label else ""
    print(
        f"pgqueuer {pgqueuer.__version__}{label}: {arguments.jobs} jobs, {arguments.processes} process(es) x "
        f"{arguments.managers} queue managers, batch size {arguments.batch_size}, asyncpg, uvloop\n"
        f"  enqueue: {arguments.jobs / enqueue_seconds:.0f} jobs/s ({enqueue_seconds:.2f} s)\n"
        f"  drain:   {succeeded / drain_seconds:.0f} jobs/s ({succeeded} succeeded in {drain_seconds:.2f} s;"
        f" {len(picked)} handler runs, {distinct} distinct jobs)\n"
        f"  lateness of jobs due at one instant: p50 {percentile(lateness, 0.5):.3f} s,"
        f" p99 {percentile(lateness, 0.99):.3f} s\n"
        f"  CPU while draining: PgQueuer {worker_cpu:.2f} s,"
        f" PostgreSQL {server_cpu:.2f} s\n"
        f"drain_jobs_per_second={succeeded / drain_seconds:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
