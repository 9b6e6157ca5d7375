int_mul_s8x8.sv
int_mul_u8x8_p2.sv
int_mac_s8x8_acc32.sv
