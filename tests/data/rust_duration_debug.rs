// Prints nanosecond counts and Rust's Duration debug text for them:
// ns, {:?}, {:.0?}, {:.1?}, {:.2?}, {:.3?}, {:.9?}, tab-separated.
use std::time::Duration;
fn main() {
    let mut v: Vec<u64> = vec![0, 1, 5, 9, 10, 99, 999, 1000, 1001, 1004, 1005, 1006, 1994, 1995, 1996,
        9999, 99_994, 99_995, 99_999, 999_994, 999_995, 999_999, 1_000_000, 1_000_001, 1_005_000,
        1_004_999, 66_925_000, 344_002_690, 999_994_999, 999_995_000, 999_999_999, 1_000_000_000,
        1_000_000_001, 1_999_999_999, 1_995_000_000, 1_994_999_999, 59_999_999_999,
        3_600_000_000_000, 9_223_372_036_854_775_807];
    // a fixed pseudo-random walk over every magnitude
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for i in 0..4000u64 {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        let digits = 1 + (i % 18) as u32;
        let m = 10u64.pow(digits);
        let mut n = x % m;
        if i % 5 == 0 { n = n / 1000 * 1000 + 500; }           // exact halves
        if i % 7 == 0 { n = n / 100 * 100 + 95; }
        v.push(n);
    }
    for n in v {
        let d = Duration::from_nanos(n);
        println!("{}\t{:?}\t{:.0?}\t{:.1?}\t{:.2?}\t{:.3?}\t{:.9?}", n, d, d, d, d, d, d);
    }
}
