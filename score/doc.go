// Package score compares field values and weighs the evidence of a record pair with the
// Fellegi-Sunter model.
//
// Comparators turn two strings into a similarity in [0,1]; comparison levels turn a
// similarity into one of a few ordered levels; the model gives each level of each field an
// m probability (how often true matches land there) and a u probability (how often
// non-matches do), and sums log2(m/u) into a match weight in bits. m, u and the prior are
// learnt by expectation maximisation from unlabelled pairs; agreement on a rare value is
// weighed by its frequency (term-frequency adjustment).
package score

// Missing is the level of a comparison where either side has no value. It is neutral: it
// adds nothing to a match weight.
const Missing uint8 = 255
