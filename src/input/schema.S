/* schema.S - embeds plan.rng in the binary, so the schema always matches
 * the reader that expects it.  Paths are relative to the top of the tree,
 * where make runs the compiler. */
    .section .rodata
    .global gs_plan_rng_text
    .type gs_plan_rng_text, @object
gs_plan_rng_text:
    .incbin "src/input/plan.rng"
    .byte 0
    .size gs_plan_rng_text, . - gs_plan_rng_text
    .section .note.GNU-stack,"",@progbits
