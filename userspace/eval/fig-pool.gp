# Figures 8 and 9: pool size per level over time, from iosupctl watch.
# gnuplot -e "dir='...'; name='fig8'; what='...'; enable_at=S" fig-pool.gp
# (enable_at < 0: no enable mark)
set terminal pngcairo size 900,500 font ",10"
set output dir.'/'.name.'.png'
set title what
set xlabel 'time since the workload started (s)'
set ylabel 'pages in the pool'
set key top left
set grid
set yrange [0:*]
if (enable_at >= 0) {
	set arrow 1 from enable_at, graph 0 to enable_at, graph 1 nohead dashtype 2 lc rgb 'gray40'
	set label 1 'enable' at enable_at, graph 0.95 offset 0.5,0 tc rgb 'gray40'
}
plot for [c=2:6] dir.'/'.name.'.dat' using 1:c with lines lw 2 title columnheader(c)
