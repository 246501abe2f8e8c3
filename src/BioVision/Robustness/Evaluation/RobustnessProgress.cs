namespace BioVision.Robustness.Evaluation;

/// <summary>Progress of an evaluation: which cell runs and how many of all cells are done.</summary>
/// <param name="Cell">The cell now running (or just finished).</param>
/// <param name="Done">Cells finished, including those restored from a previous run.</param>
/// <param name="Total">All cells.</param>
/// <param name="Label">The cell as people read it (e.g. <c>PGD L-inf eps 1/255, 10 steps, EOT 4</c>); null: <paramref name="Cell"/> is already readable.</param>
public sealed record RobustnessProgress(string Cell, int Done, int Total, string? Label = null)
{
    /// <summary>What a progress display shows: <see cref="Label"/>, else <see cref="Cell"/>.</summary>
    public string DisplayName => Label ?? Cell;
}
