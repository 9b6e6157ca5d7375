#!/usr/bin/env python3
"""The synthesis flow the issues measure area claims with: Yosys's own `synth`, then ABC with the
generic gate set and no bound (what users run). One definition for every script that uses it;
run directly, prints the gate list (for shell scripts)."""

GATES = "AND,NAND,OR,NOR,XOR,XNOR,ANDNOT,ORNOT,MUX"
# {f}: the SystemVerilog file, {t}: its top module.
FLOW = ("read_verilog -sv {f}; hierarchy -top {t}; synth -flatten -top {t}; "
        "abc -g " + GATES + "; opt_clean; stat; stat -tech cmos; ltp -noff")

if __name__ == "__main__":
    print(GATES)
