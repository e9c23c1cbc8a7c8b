//! The `docmend` command. Kept thin on purpose: the argument types, the
//! subcommands and every line the program prints live in `src/cli/`, so that
//! the library stays free of I/O policy.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors end here with clap's own message and exit code 2.
    let args = cli::Cli::parse();
    cli::run(args)
}
