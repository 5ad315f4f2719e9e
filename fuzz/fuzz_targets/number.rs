//! The Vietnamese number parser: any text is read or refused without a
//! panic, and what it reads, written back, reads as the same number.
#![no_main]

use baocao::locale::numbers::{self, Decimals};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(parsed) = numbers::parse(text) {
        let written = numbers::format(parsed.value, Decimals::AsIs);
        let again = numbers::parse(&written).unwrap_or_else(|e| panic!("{text:?} read as {} but {written:?} is refused: {}", parsed.value, e.message));
        assert_eq!(again.value, parsed.value, "{text:?} -> {written:?}");
        for decimals in 0..4 {
            let _ = numbers::format(parsed.value, Decimals::Fixed(decimals));
            let _ = numbers::format(parsed.value, Decimals::Trimmed(decimals));
        }
    }
});
