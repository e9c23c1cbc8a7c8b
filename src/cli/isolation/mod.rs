//! Converting a batch's files in worker processes, so that one bad file
//! never costs the batch.
//!
//! The library contains a converter's panic (the pipeline catches it), but
//! not what ends a whole process: an abort on a failed allocation, a stack
//! overflow, a file that never finishes. A batch therefore runs its files
//! in workers, which are the `docmend` program itself started as
//! `docmend worker` ([`worker`]), each under a memory cap it sets on
//! itself ([`memory`]) and a time cap per file that the batch enforces by
//! killing it ([`process`]). A worker that dies is replaced; its file
//! fails with the cause ([`death`]) and the batch goes on. Requests and
//! answers cross the pipes as frames ([`wire`]).
//!
//! A single input, and the library, convert in the calling process.

pub mod death;
pub mod memory;
pub mod process;
pub mod wire;
pub mod worker;
