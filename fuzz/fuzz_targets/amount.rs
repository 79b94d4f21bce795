//! One cell's text read as a value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: yusuan::fuzzing::abort_on_own_panics(),
    |data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        yusuan::fuzzing::amount(text);
    }
});
