"""Starting and stopping `planpress serve` on a copy of the content, for the tests and Scripts/reload-latency."""

import shutil
import signal
import subprocess
import time
from pathlib import Path


class Preview:
    """`planpress serve` on its own copy of `content`, on a free port; stop() sends Ctrl-C (SIGINT)."""

    def __init__(self, planpress, content, templates, folder, port):
        self.content = Path(folder) / "Content"
        shutil.copytree(content, self.content)
        self.output = Path(folder) / "Output"
        self.log_path = Path(folder) / "serve.log"
        self.log = open(self.log_path, "w")
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [str(planpress), "serve", "--content", str(self.content), "--templates", str(templates),
             "--output", str(self.output), "--port", str(port)],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 300
        while "serving" not in self.text():
            assert self.process.poll() is None, f"planpress serve stopped:\n{self.text()}"
            assert time.monotonic() < deadline, f"planpress serve did not start:\n{self.text()}"
            time.sleep(0.1)

    def text(self):
        return self.log_path.read_text()

    def builds(self):
        """How many builds have succeeded so far."""
        return self.text().count("planpress: wrote ")

    def wait_for_builds(self, count, timeout=60):
        """Waits until `count` builds have succeeded."""
        deadline = time.monotonic() + timeout
        while self.builds() < count:
            assert time.monotonic() < deadline, f"no build came:\n{self.text()}"
            time.sleep(0.05)

    def stop(self, timeout=30):
        """Ctrl-C; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.log.close()

    def section_file(self, slug, language="zh"):
        return next((self.content / "sections").glob(f"*-{slug}.{language}.md"))
