//! A real SMTP server for the tests: aiosmtpd (installed by `make setup` into `.venv-smtp`),
//! writing what it receives into a Maildir.
#![allow(dead_code)] // each test binary uses what it needs

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn python() -> PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-smtp/bin/python");
    assert!(
        python.exists(),
        "no {}: run `make setup` (it installs aiosmtpd for these tests)",
        python.display()
    );
    python
}

/// A loopback port nothing listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd on `port`, storing every message it accepts in a Maildir.
pub struct SmtpServer {
    child: Child,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start(port: u16) -> SmtpServer {
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer { child, maildir }
    }

    /// Every message received so far, as Python's `email` package reads it.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let new = self.maildir.path().join("mail/new");
        let Ok(entries) = std::fs::read_dir(&new) else {
            return Vec::new();
        };
        entries
            .map(|e| {
                let output = Command::new(python())
                    .args([
                        "-c",
                        "import sys, json, email, email.policy\n\
                         m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n\
                         print(json.dumps({'from': str(m['From']), 'to': str(m['To']), \
                         'subject': str(m['Subject']), 'body': m.get_content()}))",
                    ])
                    .arg(e.unwrap().path())
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{output:?}");
                serde_json::from_slice(&output.stdout).unwrap()
            })
            .collect()
    }

    /// Waits up to 15 s for `n` messages (letting the runtime's other tasks run).
    pub async fn wait_for(&self, n: usize) -> Vec<serde_json::Value> {
        let started = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= n || started.elapsed() > Duration::from_secs(15) {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
