"""The container's entry command and health check, run directly (there is no Docker engine here).

The Dockerfile's final stage is parsed; its CMD runs with the stage's ENV values, except that it binds to
127.0.0.1 on a free port, finds the repository's models and the virtualenv's ``hscc``; then the HEALTHCHECK
command must pass, and SIGTERM (what ``docker stop`` sends) must end the server cleanly.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import MODELS, REPO, free_port

DOCKERFILE = REPO / "Dockerfile"
VENV_BIN = REPO / ".venv" / "bin"


@dataclass
class Stage:
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def parse_dockerfile(path: Path) -> list[Stage]:
    logical: list[str] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.strip().partition(" ")
        keyword, args = keyword.upper(), args.strip()
        if keyword == "FROM":
            stages.append(Stage(args))
        else:
            assert stages, f"instruction before FROM: {line}"
            stages[-1].instructions.append((keyword, args))
    return stages


def env_of(stage: Stage) -> dict[str, str]:
    env: dict[str, str] = {}
    for args in stage.all("ENV"):
        for pair in shlex.split(args):
            key, sep, value = pair.partition("=")
            assert sep, f"ENV in the legacy 'ENV key value' form: {args}"
            env[key] = value
    return env


def exec_form(args: str) -> list[str]:
    command = json.loads(args)
    assert isinstance(command, list) and all(isinstance(a, str) for a in command), args
    return command


def healthcheck_of(stage: Stage) -> tuple[dict[str, str], list[str]]:
    (args,) = stage.all("HEALTHCHECK")
    options, _, command = args.partition("CMD ")
    flags = dict(re.findall(r"--([a-z-]+)=(\S+)", options))
    return flags, exec_form(command)


def seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"ms": 0.001, "s": 1, "m": 60}[unit]


STAGES = parse_dockerfile(DOCKERFILE)
FINAL = STAGES[-1]


def test_dockerfile_is_multi_stage_non_root_and_bakes_in_the_models() -> None:
    assert len(STAGES) >= 2
    build_stages = {s.base.split(" AS ")[-1].strip() for s in STAGES[:-1] if " AS " in s.base}
    copied_from = [a for a in FINAL.all("COPY") if a.startswith("--from=")]
    assert copied_from and all(a.split()[0].removeprefix("--from=") in build_stages for a in copied_from)
    users = FINAL.all("USER")
    assert users, "the final stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert any(a.split()[0] == "models" for a in FINAL.all("COPY") if not a.startswith("--")), "models not copied"
    # No compilers or the training extras in the runtime image: it installs nothing itself.
    assert not FINAL.all("RUN") or all("pip install" not in a for a in FINAL.all("RUN"))
    assert env_of(FINAL)["HSCC_MODEL_DIR"].startswith("/app/models")


def run_healthcheck(command: list[str], env: dict[str, str], timeout: float) -> int:
    try:
        return subprocess.run(command, env=env, capture_output=True, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return -1


@pytest.mark.timeout(120)
def test_entry_command_serves_passes_its_healthcheck_and_stops_cleanly(tmp_path: Path) -> None:
    image_env = env_of(FINAL)
    command = exec_form(FINAL.all("CMD")[-1])
    flags, check = healthcheck_of(FINAL)
    port = free_port()
    env = {
        **os.environ,
        **image_env,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "HSCC_MODEL_DIR": str(MODELS),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
    }
    assert {"HOST", "PORT", "WORKERS"} <= set(image_env)
    check_timeout = seconds(flags.get("timeout", "30s"))

    # Nothing listens yet: the health check must be able to fail.
    assert run_healthcheck(check, env, check_timeout) != 0

    log_path = tmp_path / "container.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Docker retries the check every --interval after --start-period; here: poll until it passes.
        deadline = time.monotonic() + 60
        healthy = False
        while time.monotonic() < deadline and proc.poll() is None:
            if run_healthcheck(check, env, check_timeout) == 0:
                healthy = True
                break
            time.sleep(0.2)
        assert healthy, log_path.read_text(errors="replace")[-3000:]
        text = log_path.read_text(errors="replace")
        assert f"http://127.0.0.1:{port}" in text  # it bound where HOST and PORT said
        # `exec` in the shell form: the server itself is the container's main process and gets the signal.
        assert Path(f"/proc/{proc.pid}/comm").read_text().strip() not in {"sh", "dash", "bash"}
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=25)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0, log_path.read_text(errors="replace")[-3000:]
    assert "Finished server process" in log_path.read_text(errors="replace")
