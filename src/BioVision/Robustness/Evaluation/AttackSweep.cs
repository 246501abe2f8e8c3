namespace BioVision.Robustness.Evaluation;

/// <summary>One attack configuration run at every eps of a grid.</summary>
/// <param name="Attack">The attack.</param>
/// <param name="Epsilons">The eps grid, ascending, in [0, 1] pixel units.</param>
public sealed record AttackSweep(AttackSpec Attack, IReadOnlyList<double> Epsilons);
