//! The `hinet` binary: parse the command line, then run a subcommand or the UI.

use std::io::Write;

use clap::Parser;

fn main() {
    let cli = hinet::cli::Cli::parse();
    let code = match &cli.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let result = hinet::cli::run(&cli, command, &mut out);
            let flushed = out.flush();
            match result {
                Ok(()) => match flushed {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        eprintln!("error: {e}");
                        1
                    }
                    _ => 0,
                },
                Err(f) if f.message.contains("Broken pipe") => 0,
                Err(f) => {
                    eprintln!("{}", f.message);
                    f.code
                }
            }
        }
        None => {
            eprintln!("error: the terminal UI is not built yet; try `hinet --help`");
            2
        }
    };
    std::process::exit(code);
}
