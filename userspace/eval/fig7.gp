# Figure 7: mean time per page in page-table alloc and free, per level.
# gnuplot -e "dir='...'" fig7.gp
set terminal pngcairo size 900,450 font ",10"
set output dir.'/fig7.png'
set multiplot layout 1,2 title 'Figure 7: time in page-table alloc and free (ns per page)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set key below horizontal
set title 'alloc'
plot dir.'/fig7.dat' using 2:xtic(1) title 'cache-disabled', '' using 3 title 'cache-pre-enabled'
set title 'free'
plot dir.'/fig7.dat' using 4:xtic(1) title 'cache-disabled', '' using 5 title 'cache-pre-enabled'
unset multiplot
