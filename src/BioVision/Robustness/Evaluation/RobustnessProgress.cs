namespace BioVision.Robustness.Evaluation;

/// <summary>Progress of an evaluation: which cell runs and how many of all cells are done.</summary>
/// <param name="Cell">The cell now running (or just finished).</param>
/// <param name="Done">Cells finished, including those restored from a previous run.</param>
/// <param name="Total">All cells.</param>
public sealed record RobustnessProgress(string Cell, int Done, int Total);
