//! The Vietnamese number parser: any text is read or refused without a
//! panic, and what it reads, written back, reads as the same number.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../checks/number.rs");
