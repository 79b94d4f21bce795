//! Text as lines: cells, the row classes and the table grammar.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: yusuan::fuzzing::abort_on_own_panics(),
    |data: &[u8]| {
    yusuan::fuzzing::rows(&String::from_utf8_lossy(data));
});
