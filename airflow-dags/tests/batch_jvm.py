"""The batch job jar in this Python process: JPype starts one JVM on the job jar and the build's
Spark classpath, as bin/segmentflow-batch does, and a command runs through the class a DAG task
submits (its java_class): BatchCli.commandLine() is what that class's main executes, without the
exit. Every command of a test then shares one JVM and one Spark session, instead of paying a JVM
start and a cold Spark for each."""

import os
import re

from dags_under_test import JOB_JAR, ROOT

JPYPE_SUPPORT_JAR = "/usr/share/java/org.jpype.jar"  # Debian's python3-jpype needs it on the path


class Result:
    def __init__(self, exit_code, out, err, console):
        self.exit_code = exit_code
        self.out = out
        self.err = err
        self.console = console  # what Spark and the progress bars printed to System.out/err


def _start():
    import jpype

    if jpype.isJVMStarted():
        return jpype
    classpath_file = ROOT / "batch-jobs" / "target" / "spark-classpath.txt"
    if not JOB_JAR.is_file() or not classpath_file.is_file():
        raise RuntimeError("build first (mvn -B -DskipTests package): no job jar or classpath")
    classpath = [str(JOB_JAR), *classpath_file.read_text().strip().split(os.pathsep)]
    if os.path.isfile(JPYPE_SUPPORT_JAR):
        classpath.append(JPYPE_SUPPORT_JAR)
    # What spark-submit adds on Java 17 (batch-jobs/pom.xml keeps it as spark.java.options).
    pom = (ROOT / "batch-jobs" / "pom.xml").read_text()
    java_options = re.search(r"<spark.java.options>(.*)</spark.java.options>", pom).group(1)
    log4j = ROOT / "batch-jobs" / "src" / "main" / "resources" / "log4j2-cli.properties"
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # The commands share one Spark application: keep the code Spark generates for a query, which
    # the second recompute and check use again (the default keeps 100 generated classes).
    jpype.startJVM(*java_options.split(), "-Xmx2g", f"-Dlog4j2.configurationFile={log4j}",
                   "-Dspark.sql.codegen.cache.maxEntries=2000",
                   classpath=classpath, convertStrings=True)
    return jpype


def run(java_class, args):
    """Runs args as `spark-submit --class java_class JOB_JAR args` would, in this process's JVM;
    returns the exit code main would exit with and what the command printed."""
    jpype = _start()
    System = jpype.JClass("java.lang.System")
    StringWriter = jpype.JClass("java.io.StringWriter")
    PrintWriter = jpype.JClass("java.io.PrintWriter")
    PrintStream = jpype.JClass("java.io.PrintStream")
    Bytes = jpype.JClass("java.io.ByteArrayOutputStream")
    out, err, console = StringWriter(), StringWriter(), Bytes()
    saved = System.out, System.err
    System.setOut(PrintStream(console, True))
    System.setErr(PrintStream(console, True))
    try:
        cli = jpype.JClass(java_class).commandLine()
        cli.setOut(PrintWriter(out, True))
        cli.setErr(PrintWriter(err, True))
        exit_code = int(cli.execute(jpype.JArray(jpype.JString)(list(args))))
    finally:
        System.setOut(saved[0])
        System.setErr(saved[1])
    return Result(exit_code, str(out), str(err), str(console.toString("UTF-8")))
