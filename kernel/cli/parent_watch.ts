// A kernel whose parent (the Jupyter server, or `torchscript-kernel run`) died would run on
// forever, holding its ports. Like ipykernel's parent poller, the kernel ends itself when its
// parent process changes.

const checkEveryMs = 1000;

export function exitWhenOrphaned(onOrphaned: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, checkEveryMs);
  // The watch alone must not keep the process alive.
  timer.unref();
}
