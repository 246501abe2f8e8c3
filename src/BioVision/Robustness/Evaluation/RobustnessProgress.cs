using BioVision.Runs;

namespace BioVision.Robustness.Evaluation;

/// <summary>Progress of an evaluation: which cell runs and how many of all cells are done (a <see cref="RunProgress"/> counting cells).</summary>
/// <param name="Cell">The cell's key (the one its store entry has).</param>
/// <param name="CellsDone">Cells finished, including those restored from a previous run.</param>
/// <param name="CellCount">All cells.</param>
/// <param name="Label">The cell as people read it (e.g. <c>PGD L-inf eps 1/255, 10 steps, EOT 4</c>); null: <paramref name="Cell"/> is already readable. It is the report's <see cref="RunProgress.Stage"/>.</param>
public sealed record RobustnessProgress(string Cell, int CellsDone, int CellCount, string? Label = null)
    : RunProgress(Label ?? Cell, CellsDone, CellCount, "cells");
