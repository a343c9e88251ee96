#!/usr/bin/python3
"""make_selfprofile_crate.py N: prints a Rust library of N generic structs,
each with a trait impl that builds a Vec, a HashMap and a formatted key,
and a function using two instances, plus one function calling them all:
work for every query of rustc's frontend and codegen, for
bench_self_profile.py's large self-profile."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
print("use std::collections::HashMap;")
print("pub trait Op { fn run(&self, x: u64) -> u64; }")
for k in range(n):
    print("pub struct S%d<T>(pub T, pub u64);" % k)
    print("impl<T: Clone + std::fmt::Debug> Op for S%d<T> { fn run(&self, x: u64) -> u64 { "
          "let v: Vec<u64> = (0..x %% 7).map(|k| k * %d + self.1).collect(); let mut m = HashMap::new(); "
          "m.insert(format!(\"{:?}\", self.0.clone()), v.len()); v.iter().sum::<u64>() + m.len() as u64 } }" % (k, k))
    print("pub fn f%d(x: u64) -> u64 { S%d(x as u32, %d).run(x) + S%d(\"s\", x).run(x + 1) }" % (k, k, k, k))
print("pub fn all(x: u64) -> u64 { let mut s = 0;")
for k in range(n):
    print("  s += f%d(x + %d);" % (k, k))
print("  s }")
