"""TEST DOUBLE of the small part of Apache Airflow's API that the segmentflow DAGs use.

Airflow cannot be installed on the project's CI machine, so the tests import the DAG files with
this package first on sys.path. It is not Airflow and is never shipped or deployed: it records
what the DAG files declare (DAGs, tasks, their arguments and dependencies) so that the tests can
compare it with the README and render and run the tasks' commands. It accepts only the
constructor arguments the real classes accept (a misspelt one fails as it would in Airflow), but
does not check their types or any scheduling semantics.
"""

from airflow._double import DAG  # noqa: F401
