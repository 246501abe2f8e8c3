namespace BioVision.Rsa.Predictivity;

/// <summary>How stimuli are divided into train and test sets.</summary>
public enum SplitKind
{
    /// <summary>
    /// Independent random train/test splits (Brain-Score's <c>CrossValidation</c>: scikit-learn's (Stratified)ShuffleSplit,
    /// 10 splits, 90 % train). Test sets of different splits may overlap.
    /// </summary>
    ShuffleSplit,

    /// <summary>K-fold: a shuffled partition into <see cref="PredictivityOptions.Splits"/> folds, each the test set once.</summary>
    KFold,
}
