"""What a Spark start prints on the analyst's terminal (issue #27): errors, not noise.

A JVM started for ``--engine spark`` printed about ten lines on standard error before
any work: log4j's "Using Spark's default log4j profile", WARN lines (no native-hadoop
library, a hostname resolving to a loopback address), "Setting default log level to
WARN", and the JVM's own notice of the incubator module Spark 4 always adds
(``--add-modules=jdk.incubator.vector``). Two things keep them off the terminal:

- :data:`LOG4J2`, a log4j2 configuration shipped in the package, is the driver's
  (``-Dlog4j2.configurationFile``, appended to ``spark.driver.extraJavaOptions``):
  errors only, so Spark's ERROR lines still reach the terminal;
- the JVM's standard error is relayed line by line to this process's (file
  descriptor 2, as the JVM would have written it) by a thread, leaving out only the
  JVM's incubator notice (:func:`jvm_notice`), which no JVM option silences. A JVM
  that fails to start still says why (its lines are relayed while it starts).

A JVM already running in the process (one a notebook started) is reused by PySpark
as it is: its logging is its owner's.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tnoc.store.spark_interrupt import own_jvm, stopping

if TYPE_CHECKING:
    from pyspark import SparkConf

__all__ = ["LOG4J2", "JAVA_OPTIONS", "driver_java_options", "jvm_notice", "launch_quiet"]

LOG4J2 = Path(__file__).with_name("spark-log4j2.properties")
"""The driver's log4j2 configuration: errors only, on standard error."""
JAVA_OPTIONS = "spark.driver.extraJavaOptions"
NOTICES = (b"WARNING: Using incubator modules:",)
"""Lines the JVM itself prints at start that say nothing about the run: the notice
of the incubator module Spark 4's launcher adds to every JVM it starts."""
RELAY_WAIT = 5.0
"""Seconds to wait, when the JVM did not start, for the relay to pass on what it said
(it has exited, so its standard error ends at once)."""


def driver_java_options(given: str | None) -> str:
    """``given`` (the caller's ``spark.driver.extraJavaOptions``) with the driver's
    log4j2 configuration (:data:`LOG4J2`) appended, unless ``given`` names one of its
    own (a person debugging Spark keeps theirs). A ``file:`` URI, so a path with a
    space stays one option."""
    given = (given or "").strip()
    if "-Dlog4j2.configurationFile=" in given:
        return given
    return f"{given} -Dlog4j2.configurationFile={LOG4J2.as_uri()}".strip()


def jvm_notice(line: bytes) -> bool:
    """Whether ``line`` of the JVM's standard error is one of its start-up notices
    (:data:`NOTICES`), left out of what reaches the terminal."""
    return line.startswith(NOTICES)


def _relay(pipe: IO[bytes], quiet: threading.Event | None = None) -> None:
    """Copy the JVM's standard error to this process's, line by line, until the JVM
    closes it, leaving out its start-up notices, and everything once ``quiet`` is set
    (Ctrl-C while the JVM started: its complaint that this process went away is no
    news) or while a command stops on Ctrl-C (:func:`tnoc.store.spark_interrupt.stopping`:
    its cancelled tasks' stack traces). It keeps reading whatever happens to this
    process's standard error (closed, a broken pipe): a JVM whose standard error is
    not read blocks once the pipe is full."""
    with pipe:
        for line in pipe:
            if stopping():
                continue
            if not jvm_notice(line) and not (quiet is not None and quiet.is_set()):
                with contextlib.suppress(OSError):
                    os.write(2, line)


def launch_quiet(conf: SparkConf) -> Any:
    """A Py4J gateway to a new JVM started with ``conf`` (PySpark's
    ``launch_gateway``), whose standard error goes through :func:`_relay`: the gateway
    for ``SparkContext(conf=conf, gateway=...)``. The relay starts before the JVM so
    that nothing it says while starting is lost or blocks it."""
    from pyspark.java_gateway import launch_gateway

    read, write = os.pipe()
    quiet = threading.Event()
    relay = threading.Thread(target=_relay, args=(os.fdopen(read, "rb"), quiet),
                             daemon=True, name="spark-jvm-stderr")
    relay.start()
    try:
        gateway = launch_gateway(conf, popen_kwargs={"stderr": write})
    except KeyboardInterrupt:  # the analyst stopped it: the JVM's protest is not shown
        # (within a command, Ctrl-C waits for the launch instead: spark_interrupt)
        quiet.set()
        os.close(write)
        raise
    except BaseException:
        os.close(write)
        relay.join(RELAY_WAIT)  # the JVM's last words reach the terminal before ours
        raise
    os.close(write)  # the JVM holds its own copy; the relay ends when the JVM does
    # the command's own JVM: the one Ctrl-C may stop (tnoc.store.spark_interrupt)
    own_jvm(getattr(gateway, "proc", None))
    return gateway
