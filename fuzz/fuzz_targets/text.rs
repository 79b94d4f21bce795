//! Text bytes in any encoding: decoding, cells, layout, and every stage after it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: yusuan::fuzzing::abort_on_own_panics(),
    |data: &[u8]| {
    yusuan::fuzzing::text(data);
});
