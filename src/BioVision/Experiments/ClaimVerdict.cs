namespace BioVision.Experiments;

/// <summary>A published claim, the study's verdict on it, and the numbers behind the verdict.</summary>
/// <param name="Claim">The claim, in one sentence.</param>
/// <param name="Source">Where it was published.</param>
/// <param name="Verdict">Holds, does not hold, inconclusive or not tested.</param>
/// <param name="Evidence">The numbers (estimate and interval) and the rule applied.</param>
public sealed record ClaimVerdict(string Claim, string Source, Verdict Verdict, string Evidence);
