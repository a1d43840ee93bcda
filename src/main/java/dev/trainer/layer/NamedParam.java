package dev.trainer.layer;

/** A parameter with its qualified name, {@code layer.param} (e.g. {@code conv1.weight}). */
public record NamedParam(String name, String layer, Param param) {}
