//! A progress line for long steps: the step's name and the elapsed time,
//! redrawn on stderr while the step runs (only when stderr is a terminal).

use std::{
    io::{IsTerminal, Write},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

/// Runs `f`, showing `label` and a running clock until it returns.
pub fn with_spinner<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let done = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let ticker = std::io::stderr().is_terminal().then(|| {
        let done = done.clone();
        let label = label.to_string();
        std::thread::spawn(move || {
            let frames = ['|', '/', '-', '\\'];
            let mut i = 0;
            while !done.load(Ordering::Relaxed) {
                eprint!(
                    "\r  {} {label} ... {:.1}s",
                    frames[i % 4],
                    start.elapsed().as_secs_f64()
                );
                let _ = std::io::stderr().flush();
                i += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            eprint!("\r\x1b[2K");
        })
    });
    if ticker.is_none() {
        eprintln!("  {label} ...");
    }
    let out = f();
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    out
}
