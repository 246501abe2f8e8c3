namespace BioVision.Experiments;

/// <summary>
/// What one stage of one model produced: named numbers for the analysis, and where the stage's full report lies. The
/// file holding it marks the task done (<see cref="StudyStore"/>).
/// </summary>
/// <param name="Stage">The stage.</param>
/// <param name="Measures">Named numbers (clean accuracy, robust accuracies, brain scores).</param>
/// <param name="Details">Path of the stage's full result (a JSON file or report folder), relative to the study folder; null if none.</param>
/// <param name="Seconds">Wall time of the stage.</param>
public sealed record StageResult(StudyStage Stage, IReadOnlyDictionary<string, double> Measures, string? Details, double Seconds);
