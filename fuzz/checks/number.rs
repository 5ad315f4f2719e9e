// What the fuzz target `number` checks (its root, fuzz_targets/number.rs, says
// what): included there and by the test that runs every seed
// (tests/it/fuzz_seeds.rs), so that a change of the library that breaks it
// fails `cargo test`.

use baocao::locale::numbers::{self, Decimals};

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
