//! The `docmend` command. Kept thin on purpose: the argument types, the
//! subcommands and every line the program prints live in `src/cli/`, so that
//! the library stays free of I/O policy.

use docmend_cli as cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A converter that panics on a hostile file is contained by the
    // pipeline and reported as that file's error (with the panic message);
    // printing the panic as well would only repeat it. Any other panic is
    // a bug and is printed as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !docmend::pipeline::panic_is_contained() {
            default_hook(info);
        }
    }));
    // Usage errors end here with clap's own message and exit code 2.
    let args = cli::Cli::parse();
    cli::run(args)
}
